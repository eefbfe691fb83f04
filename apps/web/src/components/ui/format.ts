const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium" });

export const formatDateTime = (d: Date | string | null | undefined) => (d ? dateTime.format(new Date(d)) : "—");
export const formatDate = (d: Date | string | null | undefined) => (d ? date.format(new Date(d)) : "—");
/** "1 alert", "1,204 alerts": a count with its noun, plural when it is not one. */
export const formatCount = (n: number, noun: string, plural = `${noun}s`) =>
  `${n.toLocaleString("en")} ${n === 1 ? noun : plural}`;
