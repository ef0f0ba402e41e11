"use client";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

type Toast = { id: number; text: string; action?: { label: string; run: () => void } };
const ToastContext = createContext<(toast: Omit<Toast, "id">, ms?: number) => void>(() => {});

/** Short notes at the bottom of the screen, read out by screen readers, gone after a few seconds. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const show = useCallback((toast: Omit<Toast, "id">, ms = 5000) => {
    const id = Date.now() + Math.random();
    setToasts((list) => [...list, { ...toast, id }]);
    setTimeout(() => setToasts((list) => list.filter((item) => item.id !== id)), ms);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      {/* A live region without a role of its own: only a shown toast is a status, so an empty one hides nothing. */}
      <div aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            role="status"
            className="pointer-events-auto flex items-center gap-3 rounded-card bg-ink px-4 py-2 text-body text-canvas shadow-lg"
          >
            <span>{toast.text}</span>
            {toast.action && (
              <button type="button" className="font-semibold underline" onClick={toast.action.run}>
                {toast.action.label}
              </button>
            )}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
