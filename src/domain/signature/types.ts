export interface ErrorLine {
  raw: string;
  message: string;
  format: string;
  severity: number;
  score: number;
  /** Read from a code block (fenced or indented) rather than prose. */
  inCode: boolean;
  /** Printed right before a traceback or exception line: it announces that exception. */
  announces?: boolean;
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
