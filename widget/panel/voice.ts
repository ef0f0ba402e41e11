/** The widget's voice-note button (MediaRecorder); attachments.ts uploads what it records. */
const mic =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v3"/></svg>';

/**
 * A voice note, held like a walkie-talkie or toggled (tap or Enter to start, again to stop and send); the button
 * shows the running time. Labels avoid the word "Send", which names the form's submit button.
 */
export function voiceButton(
  onRecorded: (blob: Blob, name: string) => void,
  w: () => { voice: string; stop: string; micDenied: string },
): [HTMLButtonElement, () => void] {
  const button = Object.assign(document.createElement("button"), { type: "button", className: "tool", innerHTML: mic });
  let recorder: MediaRecorder | null = null;
  let started = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const clock = () => {
    const seconds = Math.floor((Date.now() - started) / 1000);
    return { m: Math.floor(seconds / 60), s: String(seconds % 60).padStart(2, "0") };
  };
  const show = () => {
    button.setAttribute("aria-pressed", String(!!recorder));
    button.setAttribute("aria-label", recorder ? w().stop : w().voice);
    const { m, s } = clock();
    button.innerHTML = recorder ? `<span class="rec">${m}:${s}</span>` : mic;
  };
  let starting = false;
  const start = async () => {
    if (recorder || starting) return;
    starting = true;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      button.title = w().micDenied;
      return;
    } finally {
      starting = false;
    }
    const type = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"].find((t) => MediaRecorder.isTypeSupported(t));
    const active = new MediaRecorder(stream, type ? { mimeType: type } : {});
    const chunks: Blob[] = [];
    active.ondataavailable = (event) => chunks.push(event.data);
    active.onstop = () => {
      for (const track of stream.getTracks()) track.stop();
      clearInterval(timer);
      const { m, s } = clock();
      const mime = active.mimeType.split(";")[0] || "audio/webm";
      recorder = null;
      show();
      const blob = new Blob(chunks, { type: mime });
      if (blob.size > 0) onRecorded(blob, `voice-${m}m${s}s.${mime === "audio/mp4" ? "m4a" : mime.split("/")[1]}`);
    };
    active.start();
    recorder = active;
    started = Date.now();
    timer = setInterval(show, 500);
    show();
  };
  // Hold to talk (release after a moment sends), or tap/Enter to start and again to stop.
  let pressedAt = 0;
  button.onpointerdown = (event) => {
    if (recorder || event.button !== 0) return;
    pressedAt = Date.now();
    void start();
  };
  button.onpointerup = () => {
    if (pressedAt && Date.now() - pressedAt > 600) recorder?.stop();
  };
  button.onclick = () => {
    if (pressedAt) pressedAt = 0;
    else if (recorder) recorder.stop();
    else void start();
  };
  show();
  return [button, show];
}
