/**
 * Block Kit limits (../shared/slack/blockkit-limits.md) as code: `checkBlockLimits` lists every violation
 * (tests run it on every builder), `enforce*` returns a copy cut down to fit (the runtime guard, so a bug in a
 * builder degrades a message instead of Slack rejecting it with `invalid_blocks`).
 */
import type { Block } from "./text.ts";
import { truncate } from "./text.ts";

export type Surface = "message" | "modal" | "home";

export interface LimitViolation {
  /** JSON-ish path to the offending value, e.g. `blocks[3].elements[0].text.text`. */
  path: string;
  rule: string;
  limit: number;
  actual: number;
}

export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  id: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionField: 2000,
  headerText: 150,
  markdownText: 12_000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  optionText: 75,
  optionValue: 75,
  selectOptions: 100,
  overflowOptions: 5,
  checkboxOptions: 10,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  viewTitle: 24,
  privateMetadata: 3000,
  messageText: 40_000,
} as const;

type Json = Record<string, unknown>;

class Walker {
  readonly violations: LimitViolation[] = [];
  constructor(private readonly fix: boolean) {}

  str(obj: Json | undefined, key: string, max: number, path: string, rule: string, min = 0): void {
    if (!obj) return;
    const v = obj[key];
    if (typeof v !== "string") return;
    if (v.length > max) {
      this.violations.push({ path: `${path}.${key}`, rule, limit: max, actual: v.length });
      if (this.fix) obj[key] = truncate(v, max);
    } else if (v.length < min) {
      this.violations.push({ path: `${path}.${key}`, rule: `${rule} (empty)`, limit: min, actual: v.length });
      if (this.fix) obj[key] = " ";
    }
  }

  /** A text object ({type, text}); its `text` is what is limited. */
  text(obj: Json | undefined, key: string, max: number, path: string, rule: string, min = 0): void {
    const t = obj?.[key];
    if (t && typeof t === "object") this.str(t as Json, "text", max, `${path}.${key}`, rule, min);
  }

  arr(obj: Json | undefined, key: string, max: number, path: string, rule: string, min = 0): unknown[] {
    const v = obj?.[key];
    if (!Array.isArray(v)) return [];
    if (v.length > max) {
      this.violations.push({ path: `${path}.${key}`, rule, limit: max, actual: v.length });
      if (this.fix) (obj as Json)[key] = v.slice(0, max);
    } else if (v.length < min) {
      this.violations.push({ path: `${path}.${key}`, rule: `${rule} (too few)`, limit: min, actual: v.length });
    }
    return (obj as Json)[key] as unknown[];
  }

  blocks(blocks: Json[], surface: Surface, path = "blocks"): Json[] {
    const max = surface === "message" ? LIMITS.blocksPerMessage : LIMITS.blocksPerView;
    const holder: Json = { blocks };
    const kept = this.arr(holder, "blocks", max, "", `blocks per ${surface}`) as Json[];
    kept.forEach((b, i) => this.block(b, `${path}[${i}]`));
    return kept;
  }

  block(b: Json, path: string): void {
    this.str(b, "block_id", LIMITS.id, path, "block_id");
    switch (b.type) {
      case "section":
        this.text(b, "text", LIMITS.sectionText, path, "section text", b.fields ? 0 : 1);
        this.arr(b, "fields", LIMITS.sectionFields, path, "section fields").forEach((f, i) =>
          this.str(f as Json, "text", LIMITS.sectionField, `${path}.fields[${i}]`, "section field"),
        );
        if (b.accessory) this.element(b.accessory as Json, `${path}.accessory`);
        break;
      case "header":
        this.text(b, "text", LIMITS.headerText, path, "header text", 1);
        break;
      case "markdown":
        this.str(b, "text", LIMITS.markdownText, path, "markdown block text", 1);
        break;
      case "context":
        this.arr(b, "elements", LIMITS.contextElements, path, "context elements", 1);
        break;
      case "actions":
        this.arr(b, "elements", LIMITS.actionsElements, path, "actions elements", 1).forEach((e, i) =>
          this.element(e as Json, `${path}.elements[${i}]`),
        );
        break;
      case "input":
        this.text(b, "label", LIMITS.inputLabel, path, "input label", 1);
        this.text(b, "hint", LIMITS.inputHint, path, "input hint");
        if (b.element) this.element(b.element as Json, `${path}.element`);
        break;
      default:
        break;
    }
  }

  element(e: Json, path: string): void {
    this.str(e, "action_id", LIMITS.id, path, "action_id");
    this.text(e, "placeholder", LIMITS.placeholder, path, "placeholder");
    if (e.confirm) this.confirm(e.confirm as Json, `${path}.confirm`);
    switch (e.type) {
      case "button":
        this.text(e, "text", LIMITS.buttonText, path, "button text", 1);
        this.str(e, "value", LIMITS.buttonValue, path, "button value");
        this.str(e, "url", LIMITS.buttonUrl, path, "button url");
        break;
      case "static_select":
      case "multi_static_select":
        this.arr(e, "options", LIMITS.selectOptions, path, "select options").forEach((o, i) =>
          this.option(o as Json, `${path}.options[${i}]`),
        );
        if (e.initial_option) this.option(e.initial_option as Json, `${path}.initial_option`);
        break;
      case "overflow":
        this.arr(e, "options", LIMITS.overflowOptions, path, "overflow options", 1).forEach((o, i) =>
          this.option(o as Json, `${path}.options[${i}]`),
        );
        break;
      case "checkboxes":
      case "radio_buttons":
        this.arr(e, "options", LIMITS.checkboxOptions, path, `${String(e.type)} options`).forEach((o, i) =>
          this.option(o as Json, `${path}.options[${i}]`),
        );
        break;
      default:
        break;
    }
  }

  option(o: Json, path: string): void {
    this.text(o, "text", LIMITS.optionText, path, "option text", 1);
    this.str(o, "value", LIMITS.optionValue, path, "option value");
  }

  confirm(c: Json, path: string): void {
    this.text(c, "title", LIMITS.confirmTitle, path, "confirm title");
    this.text(c, "text", LIMITS.confirmText, path, "confirm text");
    this.text(c, "confirm", LIMITS.confirmButton, path, "confirm button");
    this.text(c, "deny", LIMITS.confirmButton, path, "deny button");
  }

  view(v: Json): void {
    const surface: Surface = v.type === "home" ? "home" : "modal";
    this.text(v, "title", LIMITS.viewTitle, "view", "view title");
    this.text(v, "submit", LIMITS.viewTitle, "view", "view submit");
    this.text(v, "close", LIMITS.viewTitle, "view", "view close");
    this.str(v, "private_metadata", LIMITS.privateMetadata, "view", "private_metadata");
    this.str(v, "callback_id", LIMITS.id, "view", "callback_id");
    v.blocks = this.blocks((v.blocks as Json[] | undefined) ?? [], surface, "view.blocks");
  }

  message(m: Json): void {
    this.str(m, "text", LIMITS.messageText, "message", "message text");
    if (Array.isArray(m.blocks)) m.blocks = this.blocks(m.blocks as Json[], "message");
  }
}

const clone = <T>(v: T): T => structuredClone(v);

/** Every limit the blocks break on the given surface (empty when they fit). */
export function checkBlockLimits(blocks: readonly Block[], surface: Surface): LimitViolation[] {
  const w = new Walker(false);
  w.blocks(blocks as unknown as Json[], surface);
  return w.violations;
}

/** Limits a whole view (modal or home): title, buttons, metadata and its blocks. */
export function checkViewLimits(view: object): LimitViolation[] {
  const w = new Walker(false);
  w.view(clone(view) as Json);
  return w.violations;
}

/** Limits a whole message: the `text` fallback and its blocks. */
export function checkMessageLimits(message: { text?: string; blocks?: readonly Block[] }): LimitViolation[] {
  const w = new Walker(false);
  w.message(clone(message) as Json);
  return w.violations;
}

export function enforceBlockLimits(blocks: readonly Block[], surface: Surface): { blocks: Block[]; violations: LimitViolation[] } {
  const w = new Walker(true);
  const fixed = w.blocks(clone(blocks) as unknown as Json[], surface) as unknown as Block[];
  return { blocks: fixed, violations: w.violations };
}

export function enforceViewLimits<V extends object>(view: V): { view: V; violations: LimitViolation[] } {
  const w = new Walker(true);
  const copy = clone(view);
  w.view(copy as unknown as Json);
  return { view: copy, violations: w.violations };
}

export function enforceMessageLimits<M extends { text?: string; blocks?: readonly Block[] }>(
  message: M,
): { message: M; violations: LimitViolation[] } {
  const w = new Walker(true);
  const copy = clone(message);
  w.message(copy as unknown as Json);
  return { message: copy, violations: w.violations };
}
