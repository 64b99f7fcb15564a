import { create } from "zustand";

export interface Toast {
  id: number;
  text: string;
  href?: string;
  linkLabel?: string;
  tone: "info" | "error";
}

interface ToastState {
  toasts: Toast[];
  show: (toast: Omit<Toast, "id" | "tone"> & { tone?: Toast["tone"] }) => void;
  dismiss: (id: number) => void;
}

const TOAST_MS = 4_000;
let nextId = 1;

export const useToastStore = create<ToastState>((set, get) => ({
  toasts: [],
  show: (toast) => {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts.slice(-2), { tone: "info", ...toast, id }] }));
    setTimeout(() => get().dismiss(id), TOAST_MS);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export const toast = (t: Parameters<ToastState["show"]>[0]) => useToastStore.getState().show(t);
