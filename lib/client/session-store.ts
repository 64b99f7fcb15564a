import { create } from "zustand";

export type ConnectionStatus = "offline" | "connecting" | "open" | "reconnecting";

export interface SessionUser {
  id: string;
  username: string;
  display_name: string;
  role: string;
}

interface SessionState {
  token: string | null;
  user: SessionUser | null;
  status: ConnectionStatus;
  /** Fetches a fresh socket token now (after a `token_expired` or a 401: a laptop that slept past the refresh). */
  renewToken: () => Promise<void>;
  setRenewToken: (renew: () => Promise<void>) => void;
  setCredentials: (token: string, user: SessionUser) => void;
  setStatus: (status: ConnectionStatus) => void;
  clear: () => void;
}

/** The socket JWT, who it belongs to, and whether the socket is up: read by every live view. */
export const useSessionStore = create<SessionState>((set) => ({
  token: null,
  user: null,
  status: "offline",
  renewToken: async () => {},
  setRenewToken: (renewToken) => set({ renewToken }),
  setCredentials: (token, user) => set({ token, user }),
  setStatus: (status) => set({ status }),
  clear: () => set({ token: null, user: null, status: "offline" }),
}));

/** HTTP reads wait for the socket JWT, which is also the API's bearer. */
export function useAuthed(): boolean {
  return useSessionStore((s) => s.token !== null);
}
