/** The Node options the worker runs with (see node-options.mjs for why). */
export declare const WORKER_NODE_OPTIONS: string;
