interface Choice<T extends string> {
  value: T;
  label: string;
  description?: string;
}

interface ChoiceGroupProps<T extends string> {
  legend: string;
  name: string;
  value: T;
  choices: readonly Choice<T>[];
  onChange(value: T): void;
  variant?: 'segmented' | 'cards';
}

/** A radio group: segmented buttons for short choices, cards when each needs a sentence. */
export function ChoiceGroup<T extends string>(props: ChoiceGroupProps<T>) {
  const { legend, name, value, choices, onChange, variant = 'segmented' } = props;
  return (
    <fieldset className={`choices choices-${variant}`}>
      <legend>{legend}</legend>
      <div className="choices-options">
        {choices.map((choice) => (
          <label
            key={choice.value}
            className={choice.value === value ? 'choice checked' : 'choice'}
          >
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={choice.value === value}
              onChange={() => onChange(choice.value)}
            />
            <span className="choice-label">{choice.label}</span>
            {choice.description && <span className="choice-description">{choice.description}</span>}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
