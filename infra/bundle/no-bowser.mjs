// Stands in for `bowser`, the browser user-agent parser the SDK's browser code path imports lazily
// (@aws-sdk/core util-user-agent-browser). A Lambda function never runs that path; were it ever
// reached, the SDK falls back to no parser (`module.parse ?? module.default.parse ?? (() => "")`).
export default {};
