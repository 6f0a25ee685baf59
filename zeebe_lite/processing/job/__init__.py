"""JOB and JOB_BATCH commands."""

from zeebe_lite.processing.job.activate import activate_jobs
from zeebe_lite.processing.job.complete import complete_job
from zeebe_lite.processing.job.fail import fail_job
from zeebe_lite.processing.job.lifecycle import (
    recur_after_backoff,
    time_out_job,
    update_job_retries,
    update_job_timeout,
)
from zeebe_lite.processing.job.throw_error import throw_error

__all__ = [
    "activate_jobs",
    "complete_job",
    "fail_job",
    "recur_after_backoff",
    "throw_error",
    "time_out_job",
    "update_job_retries",
    "update_job_timeout",
]
