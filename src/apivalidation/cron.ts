/**
 * CronJob schedules as the API server parses them (robfig/cron's
 * ParseStandard, used by validateScheduleFormat in pkg/apis/batch/validation):
 * five fields (minute, hour, day of month, month, day of week) or a
 * descriptor (`@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`,
 * `@midnight`, `@hourly`, `@every <duration>`), optionally after `TZ=` or
 * `CRON_TZ=`. Fields hold `*` or `?`, numbers, names (JAN-DEC, SUN-SAT),
 * ranges `a-b`, steps `/n`, and comma lists. Returns the reason a schedule is
 * rejected, or undefined.
 */
interface Field {
  name: string;
  min: number;
  max: number;
  names?: string[];
}
const FIELDS: Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];
export const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
/** Go's time.ParseDuration grammar. */
const DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;

function value(s: string, f: Field): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  const i = f.names?.indexOf(s.toLowerCase()) ?? -1;
  if (i >= 0) return f.min + i;
  return undefined;
}

function checkField(text: string, f: Field): string | undefined {
  for (const part of text.split(',')) {
    const [range, step, ...rest] = part.split('/');
    if (rest.length) return `the ${f.name} field \`${part}\` has more than one '/'`;
    if (step !== undefined && !/^\d+$/.test(step)) return `the ${f.name} field \`${part}\` has a step that is not a number`;
    if (step !== undefined && Number(step) === 0) return `the ${f.name} field \`${part}\` has a step of 0`;
    if (range === '*' || range === '?') continue;
    const ends = range!.split('-');
    if (ends.length > 2) return `the ${f.name} field \`${part}\` is not a number, a range or '*'`;
    const lo = value(ends[0]!, f);
    const hi = ends.length === 2 ? value(ends[1]!, f) : step !== undefined ? f.max : lo;
    if (lo === undefined || hi === undefined) return `the ${f.name} field \`${part}\` is not a number, a range or '*'`;
    if (lo < f.min || hi > f.max) return `the ${f.name} field \`${part}\` is outside ${f.min}-${f.max}`;
    if (lo > hi) return `the ${f.name} field \`${part}\` has a range whose start is after its end`;
  }
  return undefined;
}

export function cronError(schedule: string): string | undefined {
  let s = schedule.trim();
  const tz = /^(?:CRON_TZ|TZ)=(\S*)\s*/.exec(s);
  if (tz) s = s.slice(tz[0].length);
  if (s === '') return 'the schedule is empty';
  if (s.startsWith('@')) {
    if (DESCRIPTORS.includes(s)) return undefined;
    const every = /^@every\s+(\S+)$/.exec(s);
    if (every) return DURATION.test(every[1]!) ? undefined : `\`${every[1]}\` is not a duration (e.g. 1h30m)`;
    return `\`${s}\` is not a schedule descriptor (${DESCRIPTORS.map((d) => '`' + d + '`').join(', ')}, \`@every <duration>\`)`;
  }
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return `a standard schedule has 5 fields (minute hour day-of-month month day-of-week), this one has ${fields.length}`;
  for (let i = 0; i < 5; i++) {
    const e = checkField(fields[i]!, FIELDS[i]!);
    if (e) return e;
  }
  return undefined;
}
