// `kb token create --role curator|admin --label NAME`, `kb token list`, `kb token revoke ID`.
import { parseArgs } from "node:util";
import { CurationError } from "../curation/errors.js";
import { createToken, listTokens, revokeToken, type TokenDeps } from "../curation/tokens.js";

export class TokenUsageError extends Error {
  override name = "UsageError";
}

const CLI_ACTOR = "kb token (command line)";

export async function runTokenCommand(
  deps: TokenDeps,
  args: string[],
  stdout: NodeJS.WritableStream,
): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { role: { type: "string" }, label: { type: "string" } },
  });
  try {
    if (sub === "create") {
      if (values.role !== "curator" && values.role !== "admin")
        throw new TokenUsageError("token create needs --role curator or --role admin");
      if (!values.label)
        throw new TokenUsageError("token create needs --label NAME (who holds it; shown in the audit log)");
      const { token, info } = await createToken(deps, {
        role: values.role,
        label: values.label,
        actor: CLI_ACTOR,
      });
      stdout.write(`${token}\n`);
      process.stderr.write(
        `created ${info.id} (${info.role}, "${info.label}"): the token above is shown only now; store it.\n`,
      );
    } else if (sub === "list") {
      const rows = await listTokens(deps);
      if (rows.length === 0) stdout.write("no tokens yet (KB_ADMIN_TOKEN is the bootstrap admin)\n");
      for (const t of rows)
        stdout.write(
          `${t.id}\t${t.role}\t${t.label}\tcreated ${t.createdAt}${t.revokedAt ? `\trevoked ${t.revokedAt}` : ""}\n`,
        );
    } else if (sub === "revoke") {
      const id = positionals[0];
      if (!id) throw new TokenUsageError("token revoke needs the token's ID (see kb token list)");
      const info = await revokeToken(deps, { id, actor: CLI_ACTOR });
      stdout.write(`revoked ${info.id} ("${info.label}"); its sessions ended\n`);
    } else {
      throw new TokenUsageError(`unknown token command "${sub ?? ""}": use create, list or revoke`);
    }
  } catch (error) {
    if (error instanceof CurationError)
      throw Object.assign(new Error(error.message), { name: "CurationError" });
    throw error;
  }
}
