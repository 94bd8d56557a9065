extension DemoSpecs {
  /// The behaviour features the demo segments on (the brief's usage variables).
  package static let segmentationFeatures = [
    "total_call_minutes", "call_count", "local_minutes", "long_distance_minutes", "international_minutes",
    "domestic_roaming_minutes", "international_roaming_minutes", "ip_call_minutes", "ip_share",
    "own_network_minutes", "rival_network_minutes", "fixed_line_minutes", "phs_minutes", "own_network_share",
    "rival_network_share", "fixed_line_share", "phs_share", "peak_minutes",
    "offpeak_minutes", "peak_share", "night_minutes", "weekend_minutes", "weekday_minutes", "weekend_weekday_ratio",
    "called_parties", "sms_count", "sms_recipients", "sms_mean_length", "vas_sms_count", "vas_sms_fee", "data_mb",
    "wap_sessions", "hotline_minutes", "forward_count", "broker_calls",
  ]

  /// The demo's profile spec: KPI lines as on the brief's profile cards.
  package static let profileYAML = #"""
    # Profile cards for the Segmenta demo. See docs/segments.md.
    kpis:
      - label: {zh: 平均ARPU, en: Mean ARPU}
        mean: arpu
      - label: {zh: 女性占比, en: Female share}
        share: {column: gender, value: F}
      - label: {zh: 平均年龄, en: Mean age}
        mean: age
      - label: {zh: 在网月数中位数, en: Median tenure (months)}
        median: tenure_months
    categories: [brand, city, plan_code]

    """#

  /// The default playbook, written from the brief's case study: which traits call for which actions.
  package static let telecomPlaybookYAML = #"""
    # Suggested actions by segment traits, from the brief's telecom case. A rule applies when at
    # least min_matches of its strong/weak features are among a segment's strong/weak traits.
    rules:
      - id: price_sensitive
        strong: [vas_sms_count, vas_sms_fee, hotline_minutes, wap_sessions, weekend_weekday_ratio]
        weak: [total_call_minutes, local_minutes, international_minutes]
        min_matches: 2
        actions:
          - {zh: 流失风险高：结合离网模型做挽留, en: "High churn risk: combine with the churn model for retention"}
          - {zh: 推荐低价流量包与周末套餐，以短信推送优惠, en: Offer low-price data and weekend bundles; push offers by SMS}
      - id: sms_experts
        strong: [sms_count, sms_recipients]
        weak: [total_call_minutes, call_count]
        min_matches: 2
        actions:
          - {zh: 推荐短信包月与群发套餐, en: Offer SMS bundles and group-messaging plans}
          - {zh: 以短信渠道触达，少用外呼, en: Reach them by SMS rather than outbound calls}
      - id: ip_long_distance
        strong: [ip_call_minutes, ip_share, long_distance_minutes, fixed_line_share, fixed_line_minutes]
        weak: [own_network_minutes, rival_network_minutes, local_minutes, call_count]
        min_matches: 2
        actions:
          - {zh: 价格意识强、流失风险高：结合离网模型做挽留, en: "Price-conscious with high churn risk: combine with the churn model for retention"}
          - {zh: 短信推荐本网IP长途套餐, en: SMS offers for on-net IP long-distance plans}
      - id: own_network
        strong: [own_network_share, data_mb, wap_sessions, sms_count, domestic_roaming_minutes, own_network_minutes]
        weak: [rival_network_share, fixed_line_share]
        min_matches: 2
        actions:
          - {zh: 推荐流量包与本网亲情、群组套餐, en: Offer data packs and on-net family and group plans}
          - {zh: 借助其本网关系圈开展推荐有礼, en: Use their on-net circle for member-get-member offers}
      - id: rival_network
        strong: [rival_network_share, rival_network_minutes]
        weak: [sms_count, ip_call_minutes, wap_sessions, data_mb]
        min_matches: 2
        actions:
          - {zh: 提供异网通话优惠，防止被竞争对手策反, en: Cross-network calling offers to defend against the rival}
          - {zh: 以亲情号码优惠吸引其联系人转入本网, en: Win their contacts over to the own network with family-number offers}
      - id: phs
        strong: [phs_share, phs_minutes, offpeak_minutes, night_minutes, sms_mean_length, sms_recipients]
        weak: [long_distance_minutes, international_minutes, domestic_roaming_minutes, peak_share]
        min_matches: 2
        actions:
          - {zh: 推出本地闲时套餐，与小灵通竞争, en: Local off-peak bundles to compete with PHS}
          - {zh: 强调移动性与覆盖优势, en: Stress mobility and coverage over PHS}
      - id: international
        strong: [international_minutes, international_roaming_minutes, forward_count]
        min_matches: 1
        actions:
          - {zh: 国际商务旅客，对价格不敏感：提供出行与天气信息, en: "International business travellers, not price-sensitive: offer travel and weather information"}
          - {zh: 以电子邮件提供手机银行与证券服务，不上门拜访, en: "Offer mobile banking and securities by e-mail, not visits"}
          - {zh: 推荐国际漫游包与语音秘书服务, en: Offer international roaming packs and the voice-mail secretary}
      - id: busy_business
        strong: [total_call_minutes, call_count, called_parties, peak_minutes, local_minutes, weekday_minutes]
        weak: [forward_count, weekend_weekday_ratio]
        min_matches: 2
        actions:
          - {zh: 社会关系最广、转网门槛高：不做降价, en: "Widest social network, high switching barrier: no discounts"}
          - {zh: 交叉销售增值业务、积分回馈与合约捆绑, en: "Cross-sell value-added services, loyalty rewards and contract bundles"}
      - id: stock_investor
        strong: [broker_calls]
        min_matches: 1
        actions:
          - {zh: 推荐证券资讯短信与手机炒股业务, en: Offer stock-information SMS and mobile trading}

    """#
}
