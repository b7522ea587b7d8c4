/**
 * SQL condition (on `spans`, with the run id as its one parameter) that picks a run's root
 * `invoke_agent` span: depth 0 and no parent node. Order by `start_ms` and take the first.
 */
export const ROOT_SPAN_WHERE = `run_id = ? AND operation = 'invoke_agent' AND coalesce(depth, 0) = 0
        AND json_extract(attributes, '$."rlm.parent_node.id"') IS NULL`;
