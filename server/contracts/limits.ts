/** Size limits shared by the server's input schemas and the clients' own checks. */
export const limits = {
  messageBody: 5000,
  clientMsgId: 40,
  deviceId: 64,
  siteKey: 32,
  email: 254,
  password: 200,
  pageUrl: 2048,
  id: 30,
} as const;
