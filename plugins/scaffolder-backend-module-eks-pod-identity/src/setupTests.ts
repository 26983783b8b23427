// Every test drives the sandbox through the real AWS SDK, and the first plan
// of each test file waits for the IAM action catalogue the analysis loads
// (some 20,000 actions): on a loaded machine that takes longer than Jest's
// 5 s default, which is no statement about the code under test.
jest.setTimeout(30_000);
