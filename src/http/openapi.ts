/** A feature's part of the OpenAPI description: its schemas and paths, merged by src/openapi.ts. */
export interface OpenApiPart {
  schemas?: Record<string, unknown>;
  /** path -> method -> operation; methods of a path already described are added to it */
  paths: Record<string, Record<string, unknown>>;
}

/** A response carrying the API's error object. */
export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
