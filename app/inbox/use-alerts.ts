"use client";
import { useCallback, useEffect, useState } from "react";

const soundKey = "parley:inbox:sound";

/** A short two-tone chime made with WebAudio, so no sound file ships. */
function chime() {
  try {
    const audio = new AudioContext();
    for (const [index, frequency] of [880, 1320].entries()) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.08, audio.currentTime + index * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + index * 0.12 + 0.25);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(audio.currentTime + index * 0.12);
      oscillator.stop(audio.currentTime + index * 0.12 + 0.3);
    }
    setTimeout(() => void audio.close(), 1000);
  } catch {
    // No audio device (or autoplay refused before the first click): alerts stay visual.
  }
}

/**
 * Sound (per agent, remembered in this browser), desktop notifications (permission asked only when the agent turns
 * them on, a click being the sensible moment) and the unread count in the tab title.
 */
export function useAlerts(unread: number, title: string) {
  const [sound, setSoundState] = useState(true);
  const [desktop, setDesktop] = useState(false);

  useEffect(() => {
    setSoundState(localStorage.getItem(soundKey) !== "off");
    setDesktop(typeof Notification !== "undefined" && Notification.permission === "granted");
  }, []);

  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${title} · Parley` : `${title} · Parley`;
  }, [unread, title]);

  const setSound = useCallback((on: boolean) => {
    localStorage.setItem(soundKey, on ? "on" : "off");
    setSoundState(on);
  }, []);

  const enableDesktop = useCallback(async () => {
    if (typeof Notification === "undefined") return;
    const permission = Notification.permission === "default" ? await Notification.requestPermission() : Notification.permission;
    setDesktop(permission === "granted");
  }, []);

  const alert = useCallback(
    (heading: string, body: string) => {
      if (sound) chime();
      if (desktop && document.visibilityState !== "visible") new Notification(heading, { body, tag: "parley-inbox" });
    },
    [sound, desktop],
  );

  return { sound, setSound, desktop, enableDesktop, alert };
}
