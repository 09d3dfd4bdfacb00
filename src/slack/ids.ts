/**
 * Every id Slack sends back to us: action ids, view and shortcut callback ids, the slash command.
 * One file, so the manifest test and the listeners agree on the spelling.
 */

/** The slash command (must match `features.slash_commands` in manifest.yml). */
export const PILOT_COMMAND = "/pilot";

// Buttons on an answer message.
export const FEEDBACK_UP = "feedback_up";
export const FEEDBACK_DOWN = "feedback_down";
export const TALK_TO_PARTNER = "talk_to_partner";
export const FLAG_OUTDATED = "flag_outdated";

// App Home quick actions.
export const HOME_ASK = "home_ask";
export const HOME_FIND_USE_CASES = "home_find_use_cases";
export const HOME_TALK_TO_PARTNER = "home_talk_to_partner";

// Modals (view callback ids).
export const FEEDBACK_REASON_MODAL = "feedback_reason_modal";
export const ASK_MODAL = "ask_modal";

// Message shortcuts (callback ids; must match `features.shortcuts` in manifest.yml).
export const ASK_ABOUT_MESSAGE = "ask_about_message";
export const ESCALATE_MESSAGE = "escalate_message";

// Input blocks inside modals: block id and action id of each input.
export const REASON_INPUT = { blockId: "reason_block", actionId: "reason_input" } as const;
export const PLAYBOOK_SELECT = { blockId: "playbook_block", actionId: "playbook_select" } as const;
export const QUESTION_INPUT = { blockId: "question_block", actionId: "question_input" } as const;

/** Block id of the buttons row on an answer; lets tests and handlers find it. */
export const ANSWER_ACTIONS_BLOCK = "answer_actions";
/** Block id of the quick actions row on App Home. */
export const HOME_ACTIONS_BLOCK = "home_actions";

// Check-ins (ADKAR campaigns): App Home and DM buttons, the two modals, and their inputs.
export const CHECKIN_NEW_CAMPAIGN = "checkin_new_campaign";
export const CHECKIN_REPORT_NOW = "checkin_report_now";
export const CHECKIN_EXPORT = "checkin_export";
export const CHECKIN_START = "checkin_start";
export const CHECKIN_SNOOZE = "checkin_snooze";
export const CHECKIN_SKIP = "checkin_skip";
/** Prefix of the per-question action ids inside the check-in modal (`checkin_answer:<question>`): each answer is saved as it is given. */
export const CHECKIN_ANSWER_PREFIX = "checkin_answer:";
export const CHECKIN_CAMPAIGN_MODAL = "checkin_campaign_modal";
export const CHECKIN_MODAL = "checkin_modal";
/** Block id of the buttons row on a check-in DM. */
export const CHECKIN_DM_ACTIONS_BLOCK = "checkin_dm_actions";

// Use-case finder (src/slack/listeners/usecases/): the intake modal, its inputs, the buttons on each suggestion,
// and the progress menu of a saved use case on App Home.
export const USE_CASE_MODAL = "use_case_modal";
export const USE_CASE_ROLE_INPUT = { blockId: "uc_role_block", actionId: "uc_role_input" } as const;
export const USE_CASE_DEPARTMENT_INPUT = { blockId: "uc_department_block", actionId: "uc_department_input" } as const;
export const USE_CASE_TOOLS_INPUT = { blockId: "uc_tools_block", actionId: "uc_tools_input" } as const;
export const USE_CASE_GOAL_INPUT = { blockId: "uc_goal_block", actionId: "uc_goal_input" } as const;
export const USE_CASE_REGULATED_INPUT = { blockId: "uc_regulated_block", actionId: "uc_regulated_input" } as const;
export const USE_CASE_TRY_PROMPT = "use_case_try_prompt";
export const USE_CASE_READINESS = "use_case_readiness";
export const USE_CASE_SAVE = "use_case_save";
export const USE_CASE_PARTNER = "use_case_partner";
export const USE_CASE_STATUS = "use_case_status";
