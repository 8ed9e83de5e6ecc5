// The rules page's server state: rules, products, per-rule conversion, and the live match count.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CrossSellConditions,
  CrossSellReportRow,
  MatchResult,
  NewRule,
  ProductView,
  RuleView,
} from '@kefu/cti-server/contract';
import { useSignedIn } from '../../session/session-context.js';

export const rulesKeys = {
  rules: ['marketing', 'rules'] as const,
  products: ['marketing', 'products'] as const,
  report: ['marketing', 'rules-report'] as const,
  match: (conditions: CrossSellConditions, suppress: boolean) =>
    ['marketing', 'match', conditions, suppress] as const,
};

export function useRules() {
  const { api } = useSignedIn();
  return useQuery({ queryKey: rulesKeys.rules, queryFn: () => api.get<RuleView[]>('/api/cross-sell-rules') });
}

export function useProducts() {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: rulesKeys.products,
    queryFn: () => api.get<ProductView[]>('/api/products'),
    staleTime: 60_000,
  });
}

export function useRuleReport() {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: rulesKeys.report,
    queryFn: () => api.get<CrossSellReportRow[]>('/api/reports/cross-sell'),
  });
}

/** The customers the conditions select now; the previous answer stays while the next loads. */
export function useMatch(conditions: CrossSellConditions, suppressOnOpenComplaint: boolean) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: rulesKeys.match(conditions, suppressOnOpenComplaint),
    queryFn: () =>
      api.post<MatchResult>('/api/cross-sell-rules/match', { conditions, suppressOnOpenComplaint }),
    placeholderData: keepPreviousData,
  });
}

export function useSaveRule() {
  const { api } = useSignedIn();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: NewRule }) =>
      id
        ? api.patch<RuleView>(`/api/cross-sell-rules/${id}`, body)
        : api.post<RuleView>('/api/cross-sell-rules', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['marketing'] }),
  });
}
