"use client";
import { hostList, SeveritySelect } from "@/components/response/severity-select";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FormError } from "@/components/ui/field";
import { errorText, useTRPC } from "@/lib/trpc";

type Prefs = {
  email: "off" | "immediate" | "daily";
  minSeverity: "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
  hosts: string[];
};

/** The signed-in member's own alert mail for this workspace. */
export function NotificationSettings() {
  const trpc = useTRPC();
  const prefs = useQuery(trpc.notifications.get.queryOptions());
  if (!prefs.data) return null;
  // The form starts from the first answer and keeps its own state (and its "Saved" line) after saving.
  return <Form initial={prefs.data} mailEnabled={prefs.data.mailEnabled} />;
}

function Form({ initial, mailEnabled }: { initial: Prefs; mailEnabled: boolean }) {
  const trpc = useTRPC();
  const ws = useWorkspace();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState(initial.email);
  const [minSeverity, setMinSeverity] = useState(initial.minSeverity);
  const [hosts, setHosts] = useState(initial.hosts.join(", "));
  const save = useMutation(
    trpc.notifications.set.mutationOptions({
      onSuccess: (saved) => queryClient.setQueryData(trpc.notifications.get.queryKey(), saved),
    }),
  );
  return (
    <Card title={`Alert mail from ${ws.name}`}>
      {!mailEnabled && (
        <p className="notice" data-testid="no-mail-server">
          This Lantern has no mail server (SMTP_URL is not set): nothing is mailed until an administrator sets one.
          Integrations (Slack, Teams, webhooks) work without it.
        </p>
      )}
      <form
        className="row"
        style={{ gap: 12, alignItems: "flex-end", flexWrap: "wrap" }}
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            email,
            minSeverity,
            hosts: hostList(hosts),
          });
        }}
      >
        <div className="field">
          <label htmlFor="notify-email">Mail me</label>
          <select id="notify-email" value={email} onChange={(e) => setEmail(e.target.value as Prefs["email"])}>
            <option value="off">nothing</option>
            <option value="immediate">each new alert, as its upload is judged</option>
            <option value="daily">a daily digest (07:00 UTC)</option>
          </select>
        </div>
        <SeveritySelect id="notify-severity" label="From severity" value={minSeverity} onChange={setMinSeverity} />
        <Field
          id="notify-hosts"
          label="Only these services (empty: all)"
          placeholder="api.example.com"
          value={hosts}
          onChange={(e) => setHosts(e.target.value)}
        />
        <div className="field">
          <Button type="submit" variant="primary" disabled={save.isPending}>
            Save
          </Button>
        </div>
      </form>
      {save.isSuccess && (
        <p role="status" data-testid="notify-saved">
          Saved.{" "}
          {save.data.email === "off"
            ? "Nothing will be mailed."
            : `Alerts from ${save.data.minSeverity.toLowerCase()} up are mailed ${save.data.email === "daily" ? "once a day" : "as they are raised"}.`}
        </p>
      )}
      <FormError message={save.error ? errorText(save.error) : null} />
    </Card>
  );
}
