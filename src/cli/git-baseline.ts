/**
 * `partnerpilot lint --since REF`: the knowledge directory as it was at a git revision (the approved corpus on main,
 * say, when a pull request changes playbooks), read with `git ls-tree` and `git show`, without a checkout.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { LintInputError } from "../lint/lint.ts";

const run = promisify(execFile);
/** A playbook file is small; a whole corpus's listing too. */
const MAX_BUFFER = 64 * 1024 * 1024;

/** The Markdown files under `dir` at `ref` (the playbooks), paths relative to `dir`. */
export async function corpusAtRevision(dir: string, ref: string): Promise<{ path: string; text: string }[]> {
  if (!/^[\w./@~^{}-]+$/.test(ref) || ref.startsWith("-")) throw new LintInputError(`--since ${JSON.stringify(ref)}: not a git revision (a branch, tag or commit such as origin/main)`);
  const git = async (...args: string[]) => (await run("git", args, { cwd: path.resolve(dir), maxBuffer: MAX_BUFFER })).stdout;
  let prefix: string;
  try {
    prefix = (await git("rev-parse", "--show-prefix")).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new LintInputError(existsSync(dir) ? "--since needs git, which is not installed here (or use --baseline DIR)" : `${dir}: knowledge directory does not exist`);
    }
    throw new LintInputError(`${dir}: --since needs the knowledge directory to be inside a git repository`);
  }
  let listing: string;
  try {
    // -z: names exactly as stored (no quoting of spaces or non-ASCII letters), separated by NUL.
    listing = await git("ls-tree", "-r", "-z", "--name-only", "--full-tree", `${ref}^{commit}`, "--", prefix || ".");
  } catch {
    throw new LintInputError(`--since ${ref}: no such revision in the git repository of ${dir}`);
  }
  // Only playbooks are compared; images or exports kept beside them are not read.
  const files = listing.split("\0").filter((f) => f.endsWith(".md"));
  if (files.length === 0) throw new LintInputError(`--since ${ref}: ${prefix || "the repository root"} holds no Markdown playbooks at that revision`);
  const out: { path: string; text: string }[] = [];
  for (const file of files) out.push({ path: path.posix.relative(prefix || ".", file), text: await git("show", `${ref}^{commit}:${file}`) });
  return out;
}
