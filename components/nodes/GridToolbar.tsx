import type { ReactNode } from 'react';
import { GROUP_BYS, isFiltered, NO_FILTERS, type GridFacets, type GridFilters, type GroupBy } from '@/lib/api/grid-filters';
import { VERDICTS } from '@/lib/api/views';
import { ruleName } from '@/lib/health/rule-names';
import { VerdictIcon, verdictLabel } from './VerdictIcon';

interface Props {
  filters: GridFilters;
  facets: GridFacets;
  onChange: (next: GridFilters) => void;
}

const GROUP_LABEL: Record<GroupBy, string> = { none: 'nothing', verdict: 'verdict', zone: 'zone', pool: 'pool', variant: 'config variant' };

function FacetSelect({ label, name, values, selected, onChange, nameOf = (v) => v }: { label: string; name: string; values: string[]; selected: string[]; onChange: (v: string[]) => void; nameOf?: (v: string) => string }): ReactNode {
  return (
    <label className="facet">
      {label}
      <select name={name} data-testid={`filter-${name}`} value={selected[0] ?? ''} onChange={(e) => onChange(e.target.value ? [e.target.value] : [])}>
        <option value="">any</option>
        {values.map((v) => <option key={v} value={v}>{nameOf(v)}</option>)}
      </select>
    </label>
  );
}

/** Search, filters and grouping; every change goes to the URL, so the view survives a reload and can be shared. */
export function GridToolbar({ filters, facets, onChange }: Props): ReactNode {
  const set = (patch: Partial<GridFilters>): void => onChange({ ...filters, ...patch });
  return (
    <div className="grid-filters" role="search" aria-label="Filter nodes">
      <input type="search" placeholder="Search node name" aria-label="Search node name" data-testid="filter-search" value={filters.q} maxLength={253} onChange={(e) => set({ q: e.target.value.toLowerCase() })} />
      <div className="verdict-toggles" role="group" aria-label="Verdicts">
        {VERDICTS.map((v) => {
          const on = filters.verdicts.includes(v);
          return (
            <button key={v} type="button" aria-pressed={on} data-testid={`filter-verdict-${v}`} className={`chip ${on ? 'on' : ''}`} onClick={() => set({ verdicts: on ? filters.verdicts.filter((x) => x !== v) : [...filters.verdicts, v] })}>
              <VerdictIcon verdict={v} size={12} decorative /> {verdictLabel(v)}
            </button>
          );
        })}
      </div>
      <FacetSelect label="Zone" name="zone" values={facets.zones} selected={filters.zones} onChange={(zones) => set({ zones })} />
      <FacetSelect label="Pool" name="pool" values={facets.pools} selected={filters.pools} onChange={(pools) => set({ pools })} />
      <FacetSelect label="CNI" name="cni" values={facets.cnis} selected={filters.cnis} onChange={(cnis) => set({ cnis })} />
      <FacetSelect label="Rule" name="rule" values={facets.rules} selected={filters.rules} onChange={(rules) => set({ rules })} nameOf={(v) => ruleName(v) ?? v} />
      <label className="facet">
        Group by
        <select name="group" data-testid="group-by" value={filters.group} onChange={(e) => set({ group: e.target.value as GroupBy })}>
          {GROUP_BYS.map((g) => <option key={g} value={g}>{GROUP_LABEL[g]}</option>)}
        </select>
      </label>
      {isFiltered(filters) && (
        <button type="button" className="link-button" data-testid="filter-clear" onClick={() => onChange({ ...NO_FILTERS, group: filters.group })}>Clear filters</button>
      )}
    </div>
  );
}
