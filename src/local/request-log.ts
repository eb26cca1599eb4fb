/** One request the local Bedrock received. */
export interface LoggedRequest {
  operation: string;
  path: string;
  modelId?: string;
  body: unknown;
  headers: Record<string, string | undefined>;
  status?: number;
}

/** The last `limit` requests, for tests and debugging. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private readonly statuses = new Map<number, number>();
  constructor(private readonly limit = 1000) {}

  /** Counts an answered request by its HTTP status (kept for every request, unlike the entries). */
  answered(status: number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  /** How many requests were answered with each HTTP status since the server started. */
  byStatus(): Record<number, number> {
    return Object.fromEntries(this.statuses);
  }

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.shift();
  }

  /** Requests in arrival order, optionally of one operation (`Converse`, `ConverseStream`, ...). */
  all(operation?: string): LoggedRequest[] {
    return operation ? this.entries.filter((entry) => entry.operation === operation) : [...this.entries];
  }

  count(operation?: string): number {
    return this.all(operation).length;
  }

  clear(): void {
    this.entries = [];
  }
}
