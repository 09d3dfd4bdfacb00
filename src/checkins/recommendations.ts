/**
 * Recommended actions for a team barrier, cited from the change playbooks (knowledge/change/*.md). The sections
 * come in as chunks from the retrieval layer's chunker (loaded once by `loadChangeGuidance`); choosing is pure:
 * Awareness or Desire → sponsor and manager actions; Knowledge or Ability → training and use cases for the role,
 * plus a partner referral when blockers name an integration; Reinforcement → recognition and measurement.
 */
import type { AdkarElement } from "./adkar.ts";
import type { ThemeCount } from "./blocker-themes.ts";

/** A playbook section as the retrieval layer chunks it (only what citing needs). */
export interface GuidanceSection {
  path: string;
  title: string;
  section: string;
  text: string;
}

export interface Recommendation {
  /** One sentence: what to do. Taken from the cited section's own words where it has an "Interventions" line. */
  action: string;
  citation: { path: string; title: string; section: string };
  /** Set when the action is a partner referral (blockers name an integration). */
  referral?: { systems: string[] };
}

/** Per element: words that pick the cited sections, best first (beyond the ADKAR playbook's own element section). */
const FOCUS: Record<AdkarElement, { audience: string; keywords: string[] }> = {
  awareness: { audience: "sponsor and managers", keywords: ["sponsor", "active sponsor", "communications plan", "guidance for managers"] },
  desire: { audience: "sponsor and managers", keywords: ["job security", "guidance for managers", "sponsor", "champion"] },
  knowledge: { audience: "training and use cases for the role", keywords: ["learning paths by role", "prompt-writing", "ai foundations", "office hours"] },
  ability: { audience: "training and use cases for the role", keywords: ["office hours", "learning paths by role", "hands-on", "champion"] },
  reinforcement: { audience: "recognition and measurement", keywords: ["recognition", "hours saved", "survey cadence", "monthly champion call"] },
};

const ELEMENT_HEADING: Record<AdkarElement, RegExp> = {
  awareness: /^awareness\b/i,
  desire: /^desire\b/i,
  knowledge: /^knowledge\b/i,
  ability: /^ability\b/i,
  reinforcement: /^reinforcement\b/i,
};

function lastHeading(section: string): string {
  return section.split(" › ").at(-1) ?? section;
}

function firstSentence(text: string): string {
  const body = text
    .split("\n")
    .map((l) => l.replace(/^\s*(?:[-*]|\d+\.)\s+/, "").trim())
    .filter((l) => l && !l.startsWith("#"))
    .join(" ");
  const m = /^(.{20,300}?[.!?])(\s|$)/.exec(body);
  return (m?.[1] ?? body.slice(0, 300)).trim();
}

/** The "- **X barrier → …**: …" line of the ADKAR playbook's "What each barrier point triggers" section. */
function triggerLine(text: string, barrier: AdkarElement): string | undefined {
  const line = text.split("\n").find((l) => new RegExp(`^\\s*[-*]\\s+\\**${barrier} barrier`, "i").test(l));
  return line?.replace(/^\s*[-*]\s+/, "").replace(/\*\*/g, "").trim();
}

/** The "Interventions for X:" line of the ADKAR playbook's element section, when present. */
function interventionsLine(text: string): string | undefined {
  const line = text.split("\n").find((l) => /interventions? for/i.test(l));
  return line?.replace(/^\s*[-*]\s+/, "").replace(/\*\*/g, "").trim();
}

const cite = (s: GuidanceSection) => ({ path: s.path, title: s.title, section: s.section });

/** Up to `max` recommendations for the barrier, from the given change sections; [] when none fit. */
export function recommendActions(barrier: AdkarElement, themes: readonly ThemeCount[], sections: readonly GuidanceSection[], max = 3): Recommendation[] {
  const out: Recommendation[] = [];
  const used = new Set<string>();
  // First what the playbook says this barrier triggers (owners and deadlines), then the element's interventions.
  const triggers = sections.find((s) => s.path.endsWith("adkar.md") && /what each barrier/i.test(lastHeading(s.section)) && triggerLine(s.text, barrier));
  if (triggers) {
    out.push({ action: triggerLine(triggers.text, barrier)!, citation: cite(triggers) });
    used.add(`${triggers.path}#${triggers.section}`);
  }
  const own = sections.find((s) => s.path.endsWith("adkar.md") && ELEMENT_HEADING[barrier].test(lastHeading(s.section)));
  if (own) {
    out.push({ action: interventionsLine(own.text) ?? firstSentence(own.text), citation: cite(own) });
    used.add(`${own.path}#${own.section}`);
  }
  for (const keyword of FOCUS[barrier].keywords) {
    if (out.length >= max) break;
    const hit = sections.find((s) => !used.has(`${s.path}#${s.section}`) && !s.path.endsWith("adkar.md") && lastHeading(s.section).toLowerCase().includes(keyword));
    if (!hit) continue;
    used.add(`${hit.path}#${hit.section}`);
    out.push({ action: firstSentence(hit.text), citation: cite(hit) });
  }
  const integration = themes.find((t) => t.theme === "integration");
  if ((barrier === "knowledge" || barrier === "ability") && integration) {
    const systems = integration.systems;
    const playbook = sections.find((s) => s.path.startsWith("integrations/") && systems.some((sys) => s.title.toLowerCase().includes(sys.toLowerCase())));
    const fallback = sections.find((s) => s.path.endsWith("adkar.md") && ELEMENT_HEADING.ability.test(lastHeading(s.section)));
    const source = playbook ?? fallback;
    if (source) {
      const named = systems.length > 0 ? systems.join(", ") : "an integration";
      out.push({
        action: `Blockers name ${named}: refer the integration need to a certified implementation partner ("Talk to a partner").`,
        citation: cite(source),
        referral: { systems },
      });
    }
  }
  return out;
}

export function focusOf(barrier: AdkarElement): string {
  return FOCUS[barrier].audience;
}
