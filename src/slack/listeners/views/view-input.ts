import type { ViewOutput } from "@slack/bolt";

/** The value of a plain_text_input or the selected option of a select in a submitted view. */
export function inputValue(view: ViewOutput, ids: { blockId: string; actionId: string }): string | undefined {
  const state = view.state.values[ids.blockId]?.[ids.actionId];
  if (!state) return undefined;
  if (typeof state.value === "string") return state.value;
  return state.selected_option?.value ?? undefined;
}
