import { readFileSync } from "node:fs";
import path from "node:path";
import { IntentSchema } from "../contract.ts";

/**
 * Prompt templates live in `prompts/*.md` with `{{variable}}` placeholders. They are read and checked once
 * at start-up: a template that lacks a required variable, or uses one the code never fills in, is a
 * deployment mistake and fails loudly (PromptError naming the file and the variable) instead of sending a
 * broken prompt to the model.
 */

/** A template problem; `file` and `variable` name what to fix. */
export class PromptError extends Error {
  readonly code = "prompt_invalid";
  constructor(
    message: string,
    readonly file: string,
    readonly variable?: string,
  ) {
    super(message);
    this.name = "PromptError";
  }
}

export interface PromptTemplate {
  /** Template name, e.g. "answer". */
  name: string;
  /** Path it was read from. */
  file: string;
  text: string;
  /** The variables the template must use and may use (no others). */
  variables: readonly string[];
}

export interface Prompts {
  /** System prompt for answers. Variables: company, passages. */
  answer: PromptTemplate;
  /** System prompt for intent classification. Variables: company. */
  intent: PromptTemplate;
}

interface TemplateSpec {
  file: string;
  variables: readonly string[];
  /** Words the text must contain (e.g. every intent name, so the prompt and the schema cannot drift apart). */
  mentions?: readonly string[];
}

export const TEMPLATE_SPECS: Readonly<Record<keyof Prompts, TemplateSpec>> = {
  answer: { file: "answer.md", variables: ["company", "passages"] },
  intent: { file: "intent.md", variables: ["company"], mentions: IntentSchema.options },
};

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The distinct variable names a template text uses, in order of first use. Throws on a malformed placeholder. */
export function templateVariables(text: string, file = "<inline>"): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1]!;
    if (!VARIABLE_NAME.test(name)) {
      throw new PromptError(`Prompt template ${file} has a malformed placeholder "${m[0]}"`, file, name);
    }
    names.add(name);
  }
  return [...names];
}

/** Checks one template text against its spec; returns the template. */
export function checkTemplate(name: string, file: string, text: string, spec: Omit<TemplateSpec, "file">): PromptTemplate {
  if (text.trim() === "") throw new PromptError(`Prompt template ${file} is empty`, file);
  const used = templateVariables(text, file);
  for (const v of spec.variables) {
    if (!used.includes(v)) throw new PromptError(`Prompt template ${file} is missing the required variable {{${v}}}`, file, v);
  }
  for (const v of used) {
    if (!spec.variables.includes(v)) {
      throw new PromptError(
        `Prompt template ${file} uses the unknown variable {{${v}}} (allowed: ${spec.variables.map((x) => `{{${x}}}`).join(", ")})`,
        file,
        v,
      );
    }
  }
  for (const word of spec.mentions ?? []) {
    if (!new RegExp(`\\b${word}\\b`).test(text)) {
      throw new PromptError(`Prompt template ${file} does not mention "${word}"`, file);
    }
  }
  return { name, file, text, variables: spec.variables };
}

/** Reads and checks every template in `dir`. Throws PromptError at start-up on a missing file or bad variable. */
export function loadPrompts(dir = "prompts"): Prompts {
  const load = (name: keyof Prompts): PromptTemplate => {
    const spec = TEMPLATE_SPECS[name];
    const file = path.join(dir, spec.file);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      throw new PromptError(`Prompt template ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
    }
    return checkTemplate(name, file, text, spec);
  };
  return { answer: load("answer"), intent: load("intent") };
}

/**
 * Fills in the placeholders in one pass, so a value that itself contains `{{...}}` (e.g. passage text) is
 * left as it is. Throws PromptError when a variable the template uses has no value. Extra values are ignored.
 */
export function render(template: PromptTemplate | string, vars: Readonly<Record<string, string>>): string {
  const text = typeof template === "string" ? template : template.text;
  const file = typeof template === "string" ? "<inline>" : template.file;
  for (const v of templateVariables(text, file)) {
    if (typeof vars[v] !== "string") throw new PromptError(`No value for the variable {{${v}}} of prompt template ${file}`, file, v);
  }
  return text.replace(PLACEHOLDER, (_, name: string) => vars[name]!);
}
