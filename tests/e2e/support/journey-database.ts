/**
 * The sandbox database the journeys use: a copy of the demo database with
 * its own access token, so no other spec's connection shares its JWT.
 */
export const JOURNEY_DATABASE = "journey";
export const JOURNEY_ACCESS_TOKEN = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
