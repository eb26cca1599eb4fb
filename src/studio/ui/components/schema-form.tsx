import { useMemo, useState } from "preact/hooks";
import {
  type FormValues,
  formFields,
  initialValues,
  type JsonSchema,
  readForm,
} from "../../shared/schema-form.ts";

/**
 * A form for a tool call's arguments, generated from the tool's JSON Schema and pre-filled with the
 * current arguments. Submitting checks every field first; the errors name the field.
 */
export function SchemaForm(props: {
  schema: JsonSchema;
  args: unknown;
  submitLabel: string;
  onSubmit: (args: Record<string, unknown>) => void | Promise<void>;
  onCancel?: () => void;
}) {
  const fields = useMemo(() => formFields(props.schema), [props.schema]);
  const [values, setValues] = useState<FormValues>(() => initialValues(fields, props.args));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (name: string, value: string | boolean) => setValues({ ...values, [name]: value });
  const submit = (event: Event) => {
    event.preventDefault();
    const result = readForm(fields, values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    void props.onSubmit(result.args);
  };
  return (
    <form class="schema-form" onSubmit={submit} noValidate>
      {fields.map((field) => {
        const id = `field-${field.name}`;
        const value = values[field.name];
        return (
          <div key={field.name} class={`field${errors[field.name] ? " invalid" : ""}`}>
            <label for={id}>
              {field.name}
              {field.required ? " *" : ""}
            </label>
            {field.kind === "boolean" ? (
              <input
                id={id}
                name={field.name}
                type="checkbox"
                checked={value === true}
                onChange={(e) => set(field.name, (e.target as HTMLInputElement).checked)}
              />
            ) : field.kind === "select" ? (
              <select
                id={id}
                name={field.name}
                value={String(value)}
                onChange={(e) => set(field.name, (e.target as HTMLSelectElement).value)}
              >
                {!field.required && <option value="">(none)</option>}
                {(field.options ?? []).map((option) => (
                  <option key={JSON.stringify(option)} value={JSON.stringify(option)}>
                    {String(option)}
                  </option>
                ))}
              </select>
            ) : field.kind === "json" ? (
              <textarea
                id={id}
                name={field.name}
                rows={3}
                value={String(value)}
                onInput={(e) => set(field.name, (e.target as HTMLTextAreaElement).value)}
              />
            ) : (
              <input
                id={id}
                name={field.name}
                type="text"
                inputMode={field.kind === "text" ? "text" : "decimal"}
                value={String(value)}
                onInput={(e) => set(field.name, (e.target as HTMLInputElement).value)}
              />
            )}
            {field.description && <div class="hint">{field.description}</div>}
            {errors[field.name] && (
              <div class="error-text" role="alert">
                {field.name}: {errors[field.name]}
              </div>
            )}
          </div>
        );
      })}
      <div class="buttons">
        <button type="submit" class="primary">
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
