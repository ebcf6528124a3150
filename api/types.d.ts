import type { Actor } from '../domain/identity';

declare global {
  namespace Express {
    interface Request {
      /** Set by requireAuth(): who is acting. Use actorOf(req) in handlers to get it typed as present. */
      actor?: Actor;
      /** Set by requireAuth() for cookie sessions. */
      authSession?: { idHash: string; csrfToken: string; mfaPending: boolean };
      /** Set by requireAuth() for Bearer tokens. */
      authToken?: { id: string };
      /** Set by spoolUpload(): the request body, written to disk and hashed while it arrived. */
      upload?: { file: string; sha256: string; size: number };
    }
  }
}

export {};
