extension DemoSpecs {
  /// The example tag spec for the demo data (written to the demo folder as tags.yaml): the brief's
  /// "3 + X" tags, including a stock-investor tag built with `at_least`.
  package static let tagsYAML = #"""
    # Example customer tags for the demo data, the brief's "3 + X": three core demographic families
    # (gender, age band, income band), then social, interest and business tags read from the wide
    # table. Define with `segmenta tags define --spec tags.yaml`, compute with `segmenta tags apply`.
    tags:
      - name: gender
        category: demographic
        label: {zh: 性别, en: Gender}
        values:
          field: gender
          values: {F: {zh: 女, en: Female}, M: {zh: 男, en: Male}}
      - name: age
        category: demographic
        label: {zh: 年龄段, en: Age}
        bands: {field: age, edges: [25, 35, 45, 55]}
      - name: income
        category: demographic
        label: {zh: 收入档次, en: Income band}
        description: The demo data has no income column; monthly ARPU (yuan) stands in for it.
        bands: {field: arpu, edges: [50, 100, 200]}
      - name: stock_investor
        category: interest
        label: {zh: 股民, en: Stock investor}
        description: >-
          At least three of five signals: calls a broker's hotline, browses WAP (finance pages), subscribes
          to value-added SMS (finance news), calls service hotlines, uses mobile data.
        rule: >-
          at_least(3, broker_calls >= 1, wap_sessions >= 12, vas_sms_count >= 9, hotline_minutes >= 3,
          data_mb >= 18)
      - name: business_traveller
        category: social
        label: {zh: 商旅人士, en: Business traveller}
        rule: domestic_roaming_minutes >= 12 or international_roaming_minutes > 0
      - name: international_caller
        category: social
        label: {zh: 国际通话用户, en: International caller}
        rule: international_minutes >= 5
      - name: night_owl
        category: social
        label: {zh: 夜间活跃, en: Night owl}
        rule: night_minutes / total_call_minutes >= 0.3
      - name: heavy_data
        category: interest
        label: {zh: 流量大户, en: Heavy data user}
        rule: data_mb >= 100
      - name: price_sensitive
        category: business
        label: {zh: 价格敏感, en: Price-sensitive}
        description: Routes calls through IP dialling or talks mostly to the rival network.
        rule: ip_share >= 0.3 or rival_network_share >= 0.4
      - name: at_risk
        category: business
        label: {zh: 流失风险, en: Churn risk}
        description: Quiet lately, or most of the quarter's calls happened before the last 30 days.
        rule: recency_days >= 7 or last30_call_minutes < 0.1 * total_call_minutes
      - name: new_customer
        category: business
        label: {zh: 新入网, en: New customer}
        rule: tenure_months < 6
      - name: high_value
        category: business
        label: {zh: 高价值, en: High value}
        rule: arpu >= 150 and not tag(at_risk)

    """#
}
