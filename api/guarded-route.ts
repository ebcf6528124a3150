import type { RequestHandler, Router } from 'express';
import { requireAuth } from './auth/middleware';
import { defineRouteAt, type RouteSecurity, type RouteSpec } from './openapi';

/** Builds the guard of a route from its spec's security (tests inject one that trusts a header). */
export type GuardFactory = (security: RouteSecurity) => RequestHandler;

const sessionOrToken: GuardFactory = (s) => requireAuth({ roles: s.roles ? [...s.roles] : undefined, scopes: s.scopes ? [...s.scopes] : undefined, mfa: s.mfa });

/**
 * A route's guard is derived from its spec, so the roles and scopes the OpenAPI document prints are the ones
 * enforced: there is no second list to drift. 'none' mounts no guard; an omitted security means any signed-in person.
 */
export function guardedRoutes(router: Router, mount: string, guard: GuardFactory = sessionOrToken) {
  return (spec: RouteSpec, ...handlers: RequestHandler[]): void => {
    const guards = spec.security === 'none' ? [] : [guard(spec.security ?? {})];
    defineRouteAt(router, mount, spec, ...guards, ...handlers);
  };
}
