// The fake Slack Web API lives in src/slack/testing/ (the `bench` command uses it too); tests import it from here.
export * from "../../src/slack/testing/fake-slack-api.ts";
