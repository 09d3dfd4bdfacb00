/** Modal views: a reason for 👎 / flag, and "ask a question" from App Home (the referral modal is in referral.ts). */
import type { types } from "@slack/bolt";
import { ASK_MODAL, FEEDBACK_REASON_MODAL, PLAYBOOK_SELECT, QUESTION_INPUT, REASON_INPUT } from "../ids.ts";
import { encodeModalMeta, type FeedbackModalMeta } from "../metadata.ts";
import { LIMITS } from "./limits.ts";
import { type Block, context, escapeMrkdwn, plain, section, truncate } from "./text.ts";

export type ModalView = types.ModalView;

/** Longest free text a modal accepts (Slack's plain_text_input max_length cap). */
export const MODAL_TEXT_MAX = 3000;

function modal(callbackId: string, title: string, submit: string, blocks: Block[], privateMetadata?: string): ModalView {
  return {
    type: "modal",
    callback_id: callbackId,
    title: plain(title, LIMITS.viewTitle),
    submit: plain(submit, LIMITS.viewTitle),
    close: plain("Cancel", LIMITS.viewTitle),
    blocks,
    ...(privateMetadata !== undefined ? { private_metadata: privateMetadata } : {}),
  };
}

export function buildFeedbackReasonModal(meta: FeedbackModalMeta): ModalView {
  const flag = meta.k === "flag";
  const blocks: Block[] = [
    section(
      flag
        ? "Which playbook looks outdated, and what is wrong with it? The playbook's owners will get your note."
        : "Sorry the answer didn't help. What was missing or wrong? The owners of the cited playbooks will get your note.",
    ),
  ];
  if (flag && meta.s.length > 1) {
    const options = meta.s.slice(0, LIMITS.selectOptions).map((s, i) => ({
      text: plain(truncate(`${s.t} (${s.o})`, LIMITS.optionText), LIMITS.optionText),
      value: String(i),
    }));
    blocks.push({
      type: "input",
      block_id: PLAYBOOK_SELECT.blockId,
      label: plain("Playbook", LIMITS.inputLabel),
      element: { type: "static_select", action_id: PLAYBOOK_SELECT.actionId, options, initial_option: options[0] },
    });
  } else if (meta.s.length > 0) {
    const s = meta.s[0]!;
    blocks.push(context(`:page_facing_up: *${escapeMrkdwn(s.t)}* · owner: ${escapeMrkdwn(s.o)}`));
  }
  blocks.push({
    type: "input",
    block_id: REASON_INPUT.blockId,
    label: plain(flag ? "What is outdated?" : "What was wrong?", LIMITS.inputLabel),
    element: {
      type: "plain_text_input",
      action_id: REASON_INPUT.actionId,
      multiline: true,
      max_length: 2000,
      placeholder: plain(flag ? "e.g. the Connected App steps changed with the Spring release" : "e.g. it did not cover our EU Salesforce org", LIMITS.placeholder),
    },
  });
  return modal(FEEDBACK_REASON_MODAL, flag ? "Flag outdated playbook" : "What went wrong?", "Send", blocks, encodeModalMeta(meta));
}

export function buildAskModal(options: { initial?: string } = {}): ModalView {
  const initial = options.initial?.trim() ?? "";
  const blocks: Block[] = [
    {
      type: "input",
      block_id: QUESTION_INPUT.blockId,
      label: plain("Your question", LIMITS.inputLabel),
      hint: plain("I'll answer in our direct messages, with sources.", LIMITS.inputHint),
      element: {
        type: "plain_text_input",
        action_id: QUESTION_INPUT.actionId,
        multiline: true,
        max_length: MODAL_TEXT_MAX,
        ...(initial.length > 0 ? { initial_value: truncate(initial, MODAL_TEXT_MAX) } : {}),
        placeholder: plain("e.g. How do I get Microsoft 365 Copilot for my team?", LIMITS.placeholder),
      },
    },
  ];
  return modal(ASK_MODAL, "Ask PartnerPilot", "Ask", blocks);
}
