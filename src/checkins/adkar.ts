/**
 * The ADKAR model (Prosci) as data: the five elements in order, and the check-in's questions with their anchored
 * 1–5 labels. Wording follows knowledge/change/adkar.md ("Example check-in questions per dimension").
 */

export const ADKAR_ELEMENTS = ["awareness", "desire", "knowledge", "ability", "reinforcement"] as const;
export type AdkarElement = (typeof ADKAR_ELEMENTS)[number];

export const ELEMENT_NAMES: Record<AdkarElement, string> = {
  awareness: "Awareness",
  desire: "Desire",
  knowledge: "Knowledge",
  ability: "Ability",
  reinforcement: "Reinforcement",
};

/** Answers on the 1–5 scale; an element may be missing (not answered yet, or left out). */
export type AdkarScores = Partial<Record<AdkarElement, number>>;

export interface ScaleQuestion {
  id: AdkarElement;
  kind: "scale";
  prompt: string;
  /** Labels for 1..5, lowest first. */
  anchors: readonly [string, string, string, string, string];
}

const AGREE = ["1 · Strongly disagree", "2 · Disagree", "3 · Neither", "4 · Agree", "5 · Strongly agree"] as const;

export const ADKAR_QUESTIONS: readonly ScaleQuestion[] = [
  { id: "awareness", kind: "scale", prompt: "I can explain why we are rolling out AI tools, and which ones I am allowed to use.", anchors: AGREE },
  { id: "desire", kind: "scale", prompt: "I want to use AI tools in my own work.", anchors: AGREE },
  { id: "knowledge", kind: "scale", prompt: "I know how to get a useful result from an AI tool, and which data must not go into it.", anchors: AGREE },
  { id: "ability", kind: "scale", prompt: "I used an AI tool for a real work task this week, and it saved me time after checking.", anchors: AGREE },
  { id: "reinforcement", kind: "scale", prompt: "My manager and team notice and value it when I use AI well.", anchors: AGREE },
];

/** How often AI was used this week (the `usage` question), lowest first. */
export const USAGE_OPTIONS = [
  { value: "never", label: "Not at all" },
  { value: "once", label: "Once or twice" },
  { value: "weekly", label: "A few times" },
  { value: "daily", label: "Most days" },
  { value: "many_daily", label: "Several times a day" },
] as const;
export type UsageAnswer = (typeof USAGE_OPTIONS)[number]["value"];

export function isAdkarElement(value: unknown): value is AdkarElement {
  return typeof value === "string" && (ADKAR_ELEMENTS as readonly string[]).includes(value);
}

/** A whole number 1..5. */
export function isScaleValue(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 5;
}
