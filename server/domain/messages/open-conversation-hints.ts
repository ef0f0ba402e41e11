const maxHints = 50_000;

/**
 * visitorId → the id of their open conversation, remembered per process (Deps.openConversations, built by
 * server/services.ts) so a visitor's send
 * needs no lookup first. Only a hint: the commit checks the conversation is still open (commit-messages.ts) and the
 * sender drops the hint when it is not, so a conversation resolved on another node is never written to by mistake.
 * Bounded: the oldest hint goes first (a Map iterates in insertion order; a hit is re-inserted).
 */
export class OpenConversationHints {
  private readonly hints = new Map<string, string>();

  get(visitorId: string): string | undefined {
    const conversationId = this.hints.get(visitorId);
    if (conversationId !== undefined) {
      this.hints.delete(visitorId);
      this.hints.set(visitorId, conversationId);
    }
    return conversationId;
  }

  set(visitorId: string, conversationId: string): void {
    this.hints.delete(visitorId);
    this.hints.set(visitorId, conversationId);
    if (this.hints.size > maxHints) this.hints.delete(this.hints.keys().next().value!);
  }

  delete(visitorId: string): void {
    this.hints.delete(visitorId);
  }
}
