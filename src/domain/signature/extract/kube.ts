import { ERROR_WORDS, type ParsedLine, SEVERITY } from "./parsed";

const POD_FAILURES =
  /^(?:Init:)?(CrashLoopBackOff|OOMKilled|Error|ImagePullBackOff|ErrImagePull|CreateContainerConfigError|CreateContainerError|InvalidImageName|RunContainerError|Evicted|ContainerStatusUnknown|StartError)$/;

// `kubectl get pods` row: NAME READY STATUS RESTARTS AGE, with a NAMESPACE column in front under
// `-A` and IP, NODE, … columns after under `-o wide`. The AGE column (`40m`, `2d3h`, `<invalid>`)
// anchors the row, so prose with a fraction in it is not read as one.
const POD_ROW =
  /^(?:[a-z0-9][a-z0-9-]*\s+)?[a-z0-9][a-z0-9.-]+\s+\d+\/\d+\s+(\S+)\s+\d+(?:\s+\([^)]*\))?\s+(?:(?:\d+[smhdy])+|<\w+>)(?:\s+\S+)*\s*$/;

/**
 * A pod state that says the container keeps failing but not why (`CrashLoopBackOff`, `Error`):
 * every kind of crash ends in it, so two reports sharing only that share a symptom, not a cause.
 * `OOMKilled`, `ImagePullBackOff`, `Evicted` name their cause and are not in it.
 */
export const SYMPTOM_ONLY_POD_STATUS =
  /^pod status (?:CrashLoopBackOff|Error|ContainerStatusUnknown|RunContainerError|StartError|CreateContainerError)$/;

function parsePodRow(line: string): ParsedLine | null {
  const m = POD_ROW.exec(line);
  if (!m?.[1]) return null;
  const failure = POD_FAILURES.exec(m[1]);
  if (!failure) return { message: line, format: "kubectl-pod", severity: SEVERITY.context };
  return { message: `pod status ${failure[1]}`, format: "kubectl-pod", severity: SEVERITY.error };
}

// `kubectl describe` events (TYPE REASON AGE FROM MESSAGE) and `kubectl get events`
// (LAST SEEN TYPE REASON OBJECT MESSAGE): the reason and the message are the signature.
function parseEventRow(line: string): ParsedLine | null {
  const cols = line.trim().split(/\s{2,}/);
  const at = cols.findIndex((c) => c === "Warning" || c === "Normal");
  if (at < 0 || at > 1 || cols.length < at + 3) return null;
  const reason = cols[at + 1] ?? "";
  const message = cols[cols.length - 1] ?? "";
  if (!/^[A-Z]\w+$/.test(reason)) return null;
  const severity = cols[at] === "Warning" ? SEVERITY.warning + 1 : SEVERITY.context;
  // The BackOff event is how kubectl describe reports a container in CrashLoopBackOff.
  if (reason === "BackOff" && /restarting failed container/.test(message)) {
    return { message: "pod status CrashLoopBackOff", format: "kubectl-event", severity };
  }
  return { message: `${reason}: ${message}`, format: "kubectl-event", severity };
}

function parseDescribeField(line: string): ParsedLine | null {
  // The exit code of a terminated container says why it stopped (137: killed, 139: segfault).
  const exit = /^\s*Exit Code:\s+(\d{1,3})\s*$/.exec(line);
  if (exit?.[1] && exit[1] !== "0") {
    return {
      message: `container exit code ${exit[1]}`,
      format: "kubectl-describe",
      severity: SEVERITY.error,
    };
  }
  const m =
    /^\s*(Reason|Last State|State):\s+(OOMKilled|CrashLoopBackOff|Error|Evicted|ImagePullBackOff|ErrImagePull)\s*$/.exec(
      line,
    );
  if (!m) return null;
  return { message: `pod status ${m[2]}`, format: "kubectl-describe", severity: SEVERITY.error };
}

// kubectl wraps the API server's error in generic clauses; without them the same failure pasted
// from kubectl and from the operator's log shares a template.
function stripKubectlWrapper(message: string): string {
  return message
    .replace(
      /^error when (?:creating|applying|patching|replacing|deleting|retrieving current configuration of)[^:]*?:\s*/,
      "",
    )
    .replace(/^Internal error occurred:\s*/, "");
}

export function parseKubectl(line: string): ParsedLine | null {
  const t = line.trim();
  const server = /^Error from server \(\w+\):\s*(.*)$/.exec(t);
  if (server) {
    return {
      message: stripKubectlWrapper(server[1] ?? "") || t,
      format: "kubectl",
      severity: SEVERITY.error,
    };
  }
  const cli = /^(?:error|Error):\s+(.*)$/.exec(t);
  if (cli?.[1]) return { message: cli[1], format: "kubectl", severity: SEVERITY.error };
  return parseDescribeField(line) ?? parsePodRow(t) ?? parseEventRow(line);
}

// curl -v: `<` lines are response headers, `>` request headers, `*` connection chatter.
export function parseCurl(line: string): ParsedLine | null {
  const t = line.trim();
  const status = /^<\s*HTTP\/[\d.]+\s+(\d{3})\s*(.*)$/.exec(t);
  if (status) {
    const code = Number(status[1]);
    const severity = code >= 400 ? SEVERITY.warning : SEVERITY.context;
    return { message: `HTTP ${status[1]} ${status[2] ?? ""}`.trim(), format: "curl", severity };
  }
  // `* ` is curl's connection chatter, but also a markdown bullet in front of an error.
  if (/^\*\s/.test(t) && ERROR_WORDS.test(t)) return null;
  if (/^[<>*{}]\s/.test(t) || /^[<>]$/.test(t))
    return { message: t, format: "curl", severity: SEVERITY.context };
  if (/^(upstream connect error|no healthy upstream|upstream request timeout)/.test(t)) {
    return { message: t, format: "envoy", severity: SEVERITY.error };
  }
  return null;
}
