export interface ErrorLine {
  raw: string;
  message: string;
  format: string;
  severity: number;
  score: number;
}

export interface MaskedValue {
  kind: string;
  value: string;
}

export interface Normalized {
  template: string;
  masks: MaskedValue[];
}

export const WILDCARD = "<*>";
