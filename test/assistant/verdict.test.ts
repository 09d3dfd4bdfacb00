import { describe, expect, it } from "vitest";
import { verdictOf, yesNoQuestion } from "../../src/assistant/verdict.ts";

describe("yesNoQuestion", () => {
  it.each([
    ["can i paste customer emails into chatgpt enterprise?", "may"],
    ["hey <@U024BE7LH> quick q: am I allowed to record teams calls with copilot?", "may"],
    ["We have 40 reps in DACH. Can we give them Copilot?", "may"],
    ["is it ok to use my personal chatgpt plus acct for public stuff", "may"],
    ["do we need a DPIA for an HR chatbot?", "must"],
    ["is a security review required for a chrome extension?", "must"],
    // After an emoji and a dash, or a clause of context: the question's own words still ask yes or no.
    ["hiya 👋 quick one - am i allowed to paste an RFP into chatgpt enterprise?", "may"],
    ["the banner says we can turn on suggested replies, but am I actually allowed to or does someone approve it first?", "may"],
    ["Workday has some AI matching thing. Is it switched off for us?", "may"],
    ["And does the compliance team have to sign off before we talk to a partner?", "must"],
  ] as const)("%s asks %s", (question, kind) => {
    expect(yesNoQuestion(question)).toBe(kind);
  });

  it.each(["who approves a new AI tool?", "how long does a security review take?", "what can AI do for payroll?", "steps to get a Copilot seat pls", "👋 which regions are we allowed to deploy to?", "what do we need to do before the works council meets? do they need to approve?"])(
    "%s is not a yes/no question",
    (question) => {
      expect(yesNoQuestion(question)).toBeUndefined();
    },
  );
});

describe("verdictOf", () => {
  it("a rule that denies without a way out is no", () => {
    expect(
      verdictOf(
        "is it ok to use my personal chatgpt plus account for work stuff if its public info",
        "Do not use personal or consumer AI accounts for work, whatever the data, even public information and even paid ChatGPT Plus subscriptions. Microsoft 365 Copilot Chat is available to every employee for tasks that do not need a ChatGPT Enterprise seat. [1]",
      ),
    ).toBe("no");
    expect(verdictOf("can I use gemini in chicago?", "Google Workspace with Gemini: Gemini is switched off for the Chicago organisational unit. [1]")).toBe("no");
  });

  it("a rule with a condition the asker must meet is conditional, whether it allows or denies", () => {
    expect(verdictOf("can i paste customer emails into chatgpt enterprise?", "You must strip names, email addresses and phone numbers before you paste customer data into an AI tool. [1]")).toBe(
      "conditional",
    );
    expect(verdictOf("can we paste the supplier's NDA docs into chatgpt?", "Do not paste third-party information received under an NDA unless the NDA allows processing by service providers.")).toBe("conditional");
    expect(verdictOf("can we switch on Einstein in our org?", "Salesforce Einstein counts as approved only after the system owner has switched it on following a security review.")).toBe("conditional");
    // The condition in its -ing form: "before pasting" as "before you paste".
    expect(verdictOf("is it ok to upload the tender doc to chatgpt ent?", "Remove names and contact details before pasting: replace them with placeholders such as \"Customer A\".")).toBe("conditional");
  });

  it("a rule that does not name the unapproved AI tool asked about allows nothing for it", () => {
    const letters = "AI-drafted customer letters must be tested for consumer understanding before use; Compliance requires a readability check. [1]";
    expect(verdictOf("can I use Gemini to translate a customer letter into German?", letters)).toBeUndefined();
    expect(verdictOf("is perplexity ok for drafting customer letters?", letters)).toBeUndefined();
    // An approved tool asked about the same way keeps the rule's verdict.
    expect(verdictOf("can I use ChatGPT Enterprise to translate a customer letter into German?", letters)).toBe("conditional");
  });

  it("an item of a list of what is allowed is yes for the case it names, nothing for another", () => {
    expect(verdictOf("copilot in excel for month-end recs - allowed?", "Allowed: Copilot in Excel summarising variances in a reconciliation that the reviewer then signs off. [1]")).toBe("yes");
    expect(verdictOf("can gemini draft my board pack?", "Allowed: Copilot in Excel summarising variances in a reconciliation that the reviewer then signs off. [1]")).toBeUndefined();
  });

  it("a rule that allows without a condition is yes", () => {
    expect(verdictOf("can I use chatgpt to draft my self-assessment?", "You may use ChatGPT Enterprise or Copilot to draft your own self-assessment from your own notes. Do not paste colleagues' feedback.")).toBe("yes");
  });

  it("reads only the rule's first sentence: reasons and alternatives after it are no condition", () => {
    // "tasks that do not need a … seat" in the second sentence once made this "Yes, with conditions".
    const lead = "Do not use personal AI accounts for work. Copilot Chat is available for tasks that do not need a seat only if you sign in.";
    expect(verdictOf("can I use my own chatgpt?", lead)).toBe("no");
  });

  it("asked whether a step is required: required is yes, not required is no", () => {
    expect(verdictOf("do we need a security review for a new AI plug-in?", "A security review is required before any AI plug-in is used with company data.")).toBe("yes");
    expect(verdictOf("do we need a DPIA for this?", "A DPIA is not required for a use case that processes no personal data.")).toBe("no");
    expect(verdictOf("do we need a DPIA for an HR chatbot?", "A DPIA is required before launch when an AI use case combines datasets about the same people.")).toBe("conditional");
  });

  it("says nothing when the question is not yes/no or the opening is no rule", () => {
    expect(verdictOf("who approves a new AI tool?", "Do not buy AI tools yourself.")).toBeUndefined();
    expect(verdictOf("can we use Copilot for meeting notes?", "The Microsoft 365 Copilot pilot ran from March to June at three sites.")).toBeUndefined();
  });
});

describe("verdictOf: what the rule is", () => {
  it("skips a label before the rule, and says nothing when the label names what the question does not", () => {
    expect(verdictOf("is zendesk ai ok to use on tickets with patient names?", "Zendesk's built-in AI. Ticket summaries and the writing tools are switched off for the US support team.")).toBe("no");
    // From a user probe: "No." over a rule about ChatGPT's Salesforce connector, asked about Salesforce's own Einstein.
    expect(verdictOf("are we allowed to turn on Einstein GPT in salesforce for our team?", "ChatGPT Enterprise. Halden & Rowe has not enabled a Salesforce connector in ChatGPT Enterprise.")).toBeUndefined();
  });

  it("a rule that allows one case and forbids another depends on the asker's case", () => {
    expect(verdictOf("can the team see who answered?", "Team-level results are shown only when at least 5 people answered, and individual answers are never shown to managers.")).toBe("depends");
  });

  it("a 'Not allowed:' list item is a no only when it names what was asked about", () => {
    expect(verdictOf("can I use copilot to read invoice PDFs?", "Not allowed: Reading or changing vendor bank details, which are Restricted data.")).toBeUndefined();
    expect(verdictOf("is otter ok for meeting notes?", "Not allowed: AI meeting note-takers Otter.ai, Fireflies.ai and Read.ai.")).toBe("no");
    // The company's own tools are named too often to say which case it is.
    expect(verdictOf("can i use chatgpt to translate delivery notes?", "Not allowed: personal ChatGPT accounts for work.")).toBeUndefined();
  });

  it("says nothing when the question proposes to skip a step and the rule has conditions", () => {
    // From a user probe: this read "Yes, with conditions." where the playbooks require the review.
    expect(verdictOf("we want a chatbot on our website answering customer questions, is that allowed w/o legal review", "Customers must be told when they are interacting with an AI system.")).toBeUndefined();
    expect(verdictOf("can we launch the bot without a security review?", "Do not launch any AI tool before it passes a security review.")).toBe("no");
  });

  it("asked whether a review is needed, a rule that waits for it says yes", () => {
    expect(verdictOf("do we need a security review for a chrome AI extension?", "Any other AI tool is not approved until it passes a security review, including AI browser extensions.")).toBe("yes");
  });

  it("the first question decides, and a which-question before the yes/no words is no yes/no question", () => {
    expect(verdictOf("Is it already approved, and what do we need for a test?", "SAP Joule is not approved.")).toBe("no");
    expect(verdictOf("For Azure OpenAI: which regions are we allowed to deploy to?", "Only Standard deployment types are allowed.")).toBeUndefined();
    expect(verdictOf("Are we allowed to use AI in the credit decision, e.g. scoring? Or only drafting?", "AI must not make credit decisions.")).toBe("no");
  });

  it("reads yes/no questions in German, Dutch and Polish, and \"is that something we can …\"", () => {
    expect(yesNoQuestion("Hallo! darf ich Kundendaten in Copilot einfügen?")).toBe("may");
    expect(yesNoQuestion("mag ik chatgpt gebruiken voor offertes?")).toBe("may");
    expect(yesNoQuestion("czy mogę wkleić fakturę do copilota?")).toBe("may");
    expect(yesNoQuestion("is that something we can set up ourselves?")).toBe("may");
    // A which-question in German is none.
    expect(yesNoQuestion("welche Tools darf ich nutzen?")).toBeUndefined();
  });

  it("an exclusive rule says no to another tool", () => {
    const rule = "GitHub Copilot Business is the only approved coding assistant, in VS Code, JetBrains IDEs and Visual Studio.";
    expect(verdictOf("cursor allowed or only gh copilot", rule)).toBe("no");
    expect(verdictOf("can i use windsurf instead?", rule)).toBe("no");
    expect(verdictOf("can we use ChatGPT for code reviews instead?", rule)).toBe("no");
    // Naming the tool it approves beside one no list knows is no yes.
    expect(verdictOf("can I use the Databricks AI assistant in notebooks, or is only GitHub Copilot approved?", rule)).toBeUndefined();
    // A question about nothing it names gets nothing.
    expect(verdictOf("can interns write code?", rule)).toBeUndefined();
  });

});

describe("verdictOf: Restricted data", () => {
  it("gives no yes to Restricted data a rule does not name", () => {
    // From a probe: "Yes, with conditions." to credit data, read off a validation rule's "before use".
    const validation = "Model Risk Tier A (credit decisions and pricing): independent validation before use, typically 8-12 weeks.";
    expect(verdictOf("is it allowed to put leasing customers' credit data into an AI model to help scoring?", validation)).toBeUndefined();
    // A rule that names the same data answers it, health data under any of its names.
    expect(verdictOf("can we put patient data into ChatGPT Enterprise?", "PHI may be processed in ChatGPT Enterprise only after the BAA is signed.")).toBe("conditional");
  });

  it("a rule that allows some data classes and denies Restricted depends on the asker's data", () => {
    const rule = "ChatGPT Enterprise (company workspace, Okta sign-in): Public, Internal and Confidential data are allowed; Restricted data is not allowed unless a named use case with an approved DPIA says otherwise.";
    expect(verdictOf("am i allowed to paste a customer's RFP into chatgpt enterprise to summarise it?", rule)).toBe("depends");
  });
});

describe("verdictOf: whether a step is needed", () => {
  it("answers only when the rule is about the step asked for", () => {
    // From a probe: "Yes." over a disclosure rule, to a question about a DPIA.
    expect(verdictOf("do we need a DPIA for a chatbot on the customer portal?", "Customers must be told when they are interacting with an AI system rather than a person.")).toBeUndefined();
    expect(verdictOf("do we need a DPIA for a chatbot on the customer portal?", "A DPIA is required for every customer-facing assistant.")).toBe("yes");
    expect(verdictOf("is works council approval needed for the pilot?", "The works council must approve any tool that logs usage.")).toBe("yes");
    // A step asked in other words than a requirement's name is not checked.
    expect(verdictOf("do I have to tell the customer when a proposal was written with AI help?", "An email or proposal you drafted with AI and reviewed yourself does not need an AI label.")).toBe("no");
    expect(verdictOf("does it need a full security review if it's internal only?", "For Internal engineering content, Engineering Productivity can approve it without a full security review.")).toBe("no");
  });
});
