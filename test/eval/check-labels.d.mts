// Types for check-labels.mjs (a plain Node script so it runs without a build step).
export const ANSWER_FILES: string[];
export const USECASE_FILE: string;
export function catalogIds(knowledgeDir: string): Map<string, string>;
export function checkLabels(opts?: { evalDir?: string; knowledgeDir?: string; answerFiles?: string[]; intakes?: boolean }): string[];
