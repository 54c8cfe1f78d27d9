/**
 * The metadata type cdktf's `Annotations.addWarning` writes: a construct of the cloud layer carrying it is reported by
 * `cdktf synth`, `plan` and `deploy` (written without importing cdktf outside the cloud renderers).
 */
export const CDKTF_WARNING = '@cdktf/warn';
