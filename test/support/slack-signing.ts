// Slack request signing for tests; the implementation is shared with the `bench` command.
export * from "../../src/slack/testing/signed-requests.ts";
