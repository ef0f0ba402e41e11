import type { Deps } from "../deps.ts";

/** What happened to the invitation's email: none without SMTP; otherwise sent, or the error the admin is told. */
export type InvitationEmail = { status: "not_configured" } | { status: "sent" } | { status: "failed"; error: string };

type Letter = { organizationName: string; inviterName: string; role: "admin" | "agent"; link: string; expiresAt: Date };

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The organization's default language picks the words: Chinese for any zh tag, English otherwise. */
function compose(language: string, letter: Letter) {
  const zh = language.toLowerCase().startsWith("zh");
  const until = `${letter.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  if (zh) {
    const role = letter.role === "admin" ? "管理员" : "客服";
    return {
      subject: `${letter.inviterName} 邀请你加入 ${letter.organizationName} 的 Parley`,
      lines: [
        `${letter.inviterName} 邀请你以${role}身份加入 ${letter.organizationName} 的 Parley 客服工作台。`,
        "打开下面的链接，设置你的名字和密码：",
      ],
      footer: `链接只能使用一次，于 ${until} 过期。如果你不认识邀请人，请忽略这封邮件。`,
    };
  }
  const role = letter.role === "admin" ? "an admin" : "an agent";
  return {
    subject: `${letter.inviterName} invited you to ${letter.organizationName} on Parley`,
    lines: [
      `${letter.inviterName} invited you to join ${letter.organizationName} on Parley as ${role}.`,
      "Open this link to set your name and password:",
    ],
    footer: `The link works once and expires on ${until}. If you don't know who sent it, ignore this email.`,
  };
}

/**
 * Emails the invitation link when a mailer (SMTP_URL) is configured. Never throws: a failed send leaves the
 * invitation as it is, and the admin is shown the link to pass on and why the email did not go.
 */
export async function emailInvitation(deps: Deps, to: string, language: string, letter: Letter): Promise<InvitationEmail> {
  if (!deps.mailer) return { status: "not_configured" };
  const { subject, lines, footer } = compose(language, letter);
  try {
    await deps.mailer.send({
      to,
      subject,
      text: `${lines.join("\n")}\n\n${letter.link}\n\n${footer}\n`,
      html: `${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join("")}<p><a href="${escapeHtml(letter.link)}">${escapeHtml(letter.link)}</a></p><p>${escapeHtml(footer)}</p>`,
    });
    return { status: "sent" };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
    deps.log.warn("invitation email failed", { to, error: message });
    return { status: "failed", error: message };
  }
}
