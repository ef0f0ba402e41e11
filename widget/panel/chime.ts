/** A short two-note chime made on the spot (no audio file to download); `enabled` is the visitor's sound switch. */
export function createChime(enabled: () => boolean) {
  let audio: AudioContext | null = null;
  return function chime() {
    if (!enabled()) return;
    try {
      audio ??= new AudioContext();
      const now = audio.currentTime;
      for (const [offset, frequency] of [
        [0, 880],
        [0.12, 1320],
      ] as const) {
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.frequency.value = frequency;
        gain.gain.setValueAtTime(0.08, now + offset);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.25);
        tone.connect(gain).connect(audio.destination);
        tone.start(now + offset);
        tone.stop(now + offset + 0.25);
      }
    } catch {
      // No audio (autoplay policy or no device): the badge and title still tell.
    }
  };
}
