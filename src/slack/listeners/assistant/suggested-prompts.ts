/**
 * The four jobs, offered when an assistant thread starts. manifest.yml lists the same prompts
 * (`features.assistant_view.suggested_prompts`); a test keeps them equal.
 */
export const SUGGESTED_PROMPTS_TITLE = "What can I help you with?";

export const SUGGESTED_PROMPTS = [
  { title: "Ask about AI at work", message: "Which AI tools am I allowed to use with customer data, and how do I get access?" },
  { title: "Find AI use cases", message: "What are the best AI use cases for my job? I work in customer service." },
  { title: "Integration help", message: "How do we connect Azure OpenAI to Salesforce Service Cloud safely?" },
  { title: "Talk to a partner", message: "I have a bigger AI project and would like help from a certified implementation partner." },
] as const;

export const ASSISTANT_GREETING =
  "Hi! I'm PartnerPilot. I answer from the company's partner playbooks (with sources), suggest AI use cases for your job, help with integrations, and connect you with a certified partner when a need is too big for a playbook. Pick a prompt or just ask.";
