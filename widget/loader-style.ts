/**
 * The launcher's styles, scoped by the shadow root so the host page's CSS neither leaks in nor is touched. The panel
 * fades and slides in and out; it stays visible until the close has played (visibility waits .2s), and with
 * prefers-reduced-motion it appears and goes at once.
 */
export const loaderStyle = `
:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Microsoft YaHei",sans-serif}
.l{position:fixed;bottom:20px;z-index:2147483000;display:flex;align-items:center;gap:8px;height:56px;min-width:56px;padding:0 16px;border:0;border-radius:28px;color:#fff;font-size:15px;font-weight:600;cursor:pointer;box-shadow:0 6px 20px rgba(15,23,42,.25);transition:transform .15s}
.l:hover{transform:scale(1.05)}
.l:focus-visible,.p:focus-visible{outline:3px solid #94a3b8;outline-offset:3px}
.l svg{width:26px;height:26px;flex:none}
.b{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#dc2626;color:#fff;font-size:12px;line-height:22px;text-align:center}
.p{position:fixed;bottom:88px;z-index:2147483000;max-width:280px;padding:12px 14px;border:0;border-radius:14px;background:#fff;color:#0f172a;font-size:14px;line-height:1.4;text-align:left;cursor:pointer;box-shadow:0 6px 24px rgba(15,23,42,.2);overflow:hidden;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;white-space:pre-wrap}
.f{position:fixed;bottom:88px;z-index:2147483001;width:380px;height:600px;max-height:calc(100vh - 108px);border:0;border-radius:16px;background:#fff;box-shadow:0 12px 40px rgba(15,23,42,.3);transform-origin:bottom;transition:opacity .2s,transform .2s cubic-bezier(.2,.8,.2,1),visibility 0s}
.f.x{opacity:0;transform:translateY(16px) scale(.98);pointer-events:none;visibility:hidden;transition:opacity .2s,transform .2s,visibility 0s .2s}
[hidden]{display:none!important}
@media (max-width:639px){.f{inset:0;width:100%;height:100%;max-height:none;border-radius:0}.o .l,.o .p{display:none}}
@media (prefers-reduced-motion:reduce){.l,.f,.f.x{transition:none}}
`;
