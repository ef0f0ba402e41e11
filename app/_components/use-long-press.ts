"use client";
import { type PointerEvent, useEffect, useRef, useState } from "react";

/** How long a finger rests on a bubble before its time shows: the platform's usual long press. */
export const longPressMs = 500;

/**
 * Which message a finger is resting on, for touch screens where hover (the bubble's title) does not exist: a touch
 * held still for longPressMs shows that message's time until the next touch elsewhere. Mouse and pen keep hover.
 */
export function useLongPress() {
  const [pressed, setPressed] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const cancel = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: on unmount only; `cancel` reads the timer from a ref
  useEffect(() => cancel, []);
  return {
    pressed,
    handlers: (key: string) => ({
      onPointerDown: (event: PointerEvent) => {
        if (event.pointerType !== "touch") return;
        cancel();
        if (pressed !== key) setPressed(null);
        timer.current = setTimeout(() => setPressed(key), longPressMs);
      },
      onPointerUp: cancel,
      onPointerCancel: cancel,
      onPointerLeave: cancel,
    }),
  };
}
