/// The company-customer (B2B) demo's specs, embedded so the binary needs nothing beside it.
extension DemoSpecs {
  /// The example attractiveness × capability matrix (also docs/examples/matrix.yaml).
  package static let matrixYAML = #"""
    # Attractiveness × capability-fit matrix (docs/b2b.md) for company customers: each segment's
    # attractiveness (0–10) is the weighted mean of its criteria's scores, its capability fit the mean
    # of its capability scores (0 hard to get, 1 easy to get, 2 already have).
    attractiveness:
      - label: {zh: 细分规模, en: Segment size}
        size: share                      # share of the customers (size: customers counts them)
        weight: 2
        linear: {min: 0, max: 0.08}      # 0 % scores 0, 8 % and more score 10
      - label: {zh: 月均消费, en: Mean monthly spend}
        mean: monthly_spend              # a numeric customer column or wide-table feature
        weight: 3
        linear: {min: 500, max: 6000}
      - label: {zh: 数据用量, en: Mean data (GB)}
        mean: data_gb
        weight: 1
        linear: {min: 0, max: 120}
      - label: {zh: 价格敏感度, en: Price-first share}
        share: {column: purchase_factor, value: cheapest}
        weight: 2
        thresholds:                      # the score of the highest step reached
          - {below: 10}                  # under the first step
          - {at: 0.3, score: 6}
          - {at: 0.6, score: 2}
    capabilities:                        # each scored per value of a column, with a default
      sales:
        by: industry
        scores: {production: 2, wholesale_retail: 2, professional_services: 1, life_services: 1, logistics: 1}
        default: 1
      design:
        by: purchase_factor
        scores: {cheapest: 2, quality: 2, service: 1, customisable: 0}
        default: 1
      supply_chain:
        by: it_level
        scores: {low: 2, medium: 2, high: 1}
        default: 1
      delivery:
        by: region
        scores: {east: 2, north: 2, south: 1, central: 1, west: 0}
        default: 1
    quadrants:                           # target: attractiveness ≥ 6 and fit ≥ 1.5
      attractiveness: 6
      fit: 1.5
    """#

  /// The dimensions of the B2B demo's cube: industry × informatisation level × key purchase factor.
  package static let b2bDimensions = ["industry", "it_level", "purchase_factor"]

  /// The wide-table spec of the B2B demo's usage events, with an employee-size band (a feature with
  /// categories, which a cube may also use as a dimension).
  package static let b2bFeaturesYAML = #"""
    # Wide table for the company-customer demo: 90 days of data, calls and service tickets.
    version: 1
    events:
      customer_id: customer_id
      timestamp: timestamp
      type: event_type
    reference_date: 2024-04-01
    features:
      - name: data_gb
        label: {zh: 数据流量(GB), en: Data (GB)}
        aggregate: sum
        of: amount
        where: {type: data}
      - name: call_minutes
        label: {zh: 通话分钟数, en: Call minutes}
        aggregate: sum
        of: amount
        where: {type: call}
      - name: service_tickets
        label: {zh: 服务工单数, en: Service tickets}
        aggregate: count
        where: {type: ticket}
      - name: employee_band
        label: {zh: 员工规模, en: Employee band}
        customer: employees
        bands: [20, 100]
        band_labels: ["<20", "20-99", "100+"]
    """#
}
