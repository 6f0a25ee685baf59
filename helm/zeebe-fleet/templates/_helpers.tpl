{{/* Chart name, truncated to the 63 characters Kubernetes allows in a label value. */}}
{{- define "fleet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-<chart> unless the release name already contains the chart name. */}}
{{- define "fleet.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* <fullname>-<component>, for per-group and per-secret objects. Arguments: (list $ "component"). */}}
{{- define "fleet.componentName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "fleet.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "fleet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fleet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "fleet.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "fleet.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: zeebe-fleet
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one component (a worker group or "ingress"). Arguments: (list $ "component"). */}}
{{- define "fleet.componentSelectorLabels" -}}
{{ include "fleet.selectorLabels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "fleet.componentLabels" -}}
{{ include "fleet.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "fleet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "fleet.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "fleet.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The settings of one worker group: .Values.workerDefaults deep-merged with the group's overrides.
     Arguments: (list $ $groupValues). Returns YAML; use with fromYaml. */}}
{{- define "fleet.groupConfig" -}}
{{- $root := index . 0 -}}
{{- $overrides := index . 1 | default dict -}}
{{- toYaml (mergeOverwrite (deepCopy $root.Values.workerDefaults) (deepCopy $overrides)) -}}
{{- end -}}

{{/* Name of the Kubernetes Secret that holds one integration secret. Arguments: (list $ "secretKey"). */}}
{{- define "fleet.secretName" -}}
{{- $root := index . 0 -}}
{{- $key := index . 1 -}}
{{- $secret := index $root.Values.secrets $key | default dict -}}
{{- if $secret.existingSecret -}}
{{- $secret.existingSecret -}}
{{- else -}}
{{- include "fleet.componentName" (list $root (printf "%s-secret" $key)) -}}
{{- end -}}
{{- end -}}

{{/* Secrets every fleet container reads: the database, and the Camunda credentials when enabled. */}}
{{- define "fleet.sharedSecretKeys" -}}
{{- $keys := list -}}
{{- range $key := list "database" "camunda" -}}
{{- $secret := index $.Values.secrets $key | default dict -}}
{{- if $secret.enabled -}}
{{- $keys = append $keys $key -}}
{{- end -}}
{{- end -}}
{{- toJson $keys -}}
{{- end -}}

{{/* Pod and container security contexts, shared by every Deployment. */}}
{{- define "fleet.podSecurityContext" -}}
{{ toYaml .Values.podSecurityContext }}
{{- end -}}

{{- define "fleet.containerSecurityContext" -}}
{{ toYaml .Values.containerSecurityContext }}
{{- end -}}

{{/* Default topology spread: across zones and nodes, best effort. Arguments: (list $ "component"). */}}
{{- define "fleet.topologySpread" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- range $root.Values.topologySpread.topologyKeys }}
- maxSkew: {{ $root.Values.topologySpread.maxSkew }}
  topologyKey: {{ . }}
  whenUnsatisfiable: {{ $root.Values.topologySpread.whenUnsatisfiable }}
  labelSelector:
    matchLabels:
      {{- include "fleet.componentSelectorLabels" (list $root $component) | nindent 6 }}
{{- end }}
{{- end -}}

{{/* Volumes for a read-only root filesystem: /tmp and the document store. */}}
{{- define "fleet.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
- name: documents
{{- if .Values.documents.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .Values.documents.existingClaim }}
{{- else }}
  emptyDir:
    sizeLimit: {{ .Values.documents.sizeLimit }}
{{- end }}
{{- end -}}

{{- define "fleet.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: documents
  mountPath: {{ .Values.documents.mountPath }}
{{- end -}}

{{/* Egress rules shared by the NetworkPolicies: DNS, then everything or the listed rules. */}}
{{- define "fleet.networkPolicyEgress" -}}
egress:
  # DNS
  - ports:
      - port: 53
        protocol: UDP
      - port: 53
        protocol: TCP
  {{- if .Values.networkPolicy.allowAllEgress }}
  - {}
  {{- end }}
  {{- with .Values.networkPolicy.egress }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end -}}
