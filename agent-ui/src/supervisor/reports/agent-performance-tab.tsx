// /supervisor/reports/agents: agent performance (being built; see issue 17).
import { Empty } from 'antd';

export function AgentPerformanceTab() {
  return <Empty />;
}
