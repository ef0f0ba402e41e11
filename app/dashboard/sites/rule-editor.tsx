"use client";
import { useId, useState, type ReactNode } from "react";
import type { RoutingCondition } from "@/server/contracts/routing";
import type { DashboardKey, DashboardT } from "../_lib/i18n";
import { controlClass } from "../_components/ui";
import { Button, Select } from "@/app/_components/ui";

type Field = RoutingCondition["field"];
const fields: { field: Field; label: DashboardKey; ops: RoutingCondition["op"][]; keyed: boolean }[] = [
  { field: "pageUrl", label: "pageUrl", ops: ["glob", "contains"], keyed: false },
  { field: "language", label: "visitorLanguage", ops: ["is"], keyed: false },
  { field: "country", label: "country", ops: ["is"], keyed: false },
  { field: "preChat", label: "preChat", ops: ["is", "contains"], keyed: true },
  { field: "attribute", label: "attribute", ops: ["is", "contains"], keyed: true },
];
const specOf = (field: Field) => fields.find((spec) => spec.field === field)!;

/** Switching a condition's field keeps its value and picks that field's first operator. */
function withField(condition: RoutingCondition, field: Field): RoutingCondition {
  const spec = specOf(field);
  return {
    field,
    op: spec.ops[0],
    value: condition.value,
    ...(spec.keyed ? { key: "key" in condition ? condition.key : "" } : {}),
  } as RoutingCondition;
}

export type RuleValue = { teamId: string; conditions: RoutingCondition[] };

/** One rule: the team it sends to and its conditions (all must hold). The server validates what is saved. */
export function RuleEditor(props: {
  title: string;
  initial: RuleValue;
  teams: { id: string; name: string }[];
  t: DashboardT;
  saving: boolean;
  onSave: (value: RuleValue) => void;
  children?: ReactNode;
}) {
  const { t } = props;
  const id = useId();
  const [rule, setRule] = useState<RuleValue>(props.initial);
  const setCondition = (index: number, condition: RoutingCondition) =>
    setRule({ ...rule, conditions: rule.conditions.map((current, i) => (i === index ? condition : current)) });

  return (
    <form
      className="space-y-3"
      aria-label={props.title}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSave(rule);
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <span className="font-medium">{props.title}</span>
        <div className="space-y-1">
          <label htmlFor={`${id}-team`} className="block text-xs font-medium">
            {t("sendTo")}
          </label>
          <Select
            id={`${id}-team`}
            value={rule.teamId}
            onChange={(event) => setRule({ ...rule, teamId: event.target.value })}
            className="w-full"
          >
            {props.teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {rule.conditions.length === 0 && <p className="text-sm">{t("noConditions")}</p>}
      <ul className="space-y-2">
        {rule.conditions.map((condition, index) => {
          const spec = specOf(condition.field);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no id; the inputs are controlled, so no state follows the index
            <li key={index} className="flex flex-wrap items-center gap-2" data-testid="rule-condition">
              <Select
                aria-label={t("field")}
                value={condition.field}
                onChange={(event) => setCondition(index, withField(condition, event.target.value as Field))}
                className="w-44"
              >
                {fields.map((option) => (
                  <option key={option.field} value={option.field}>
                    {t(option.label)}
                  </option>
                ))}
              </Select>
              {"key" in condition && (
                <input
                  aria-label={t("key")}
                  placeholder={t("key")}
                  maxLength={64}
                  value={condition.key}
                  onChange={(event) => setCondition(index, { ...condition, key: event.target.value })}
                  className={`${controlClass} w-32`}
                />
              )}
              <Select
                aria-label={t("operator")}
                value={condition.op}
                onChange={(event) => setCondition(index, { ...condition, op: event.target.value } as RoutingCondition)}
                className="w-40"
              >
                {spec.ops.map((op) => (
                  <option key={op} value={op}>
                    {t(op)}
                  </option>
                ))}
              </Select>
              <input
                aria-label={t("value")}
                placeholder={condition.field === "pageUrl" ? "/pricing*" : ""}
                maxLength={500}
                value={condition.value}
                onChange={(event) => setCondition(index, { ...condition, value: event.target.value })}
                className={`${controlClass} w-56`}
              />
              <Button
                variant="secondary"
                type="button"
                onClick={() => setRule({ ...rule, conditions: rule.conditions.filter((_, i) => i !== index) })}
              >
                {t("remove")}
              </Button>
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          type="button"
          onClick={() => setRule({ ...rule, conditions: [...rule.conditions, { field: "pageUrl", op: "glob", value: "" }] })}
        >
          {t("addCondition")}
        </Button>
        <Button type="submit" disabled={props.saving}>
          {t("save")}
        </Button>
        {props.children}
      </div>
    </form>
  );
}
