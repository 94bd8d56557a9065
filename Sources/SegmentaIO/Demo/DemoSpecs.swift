/// The files shipped with the demo, embedded so the binary needs nothing beside it.
package enum DemoSpecs {
  /// The wide-table spec for the demo's event files: 35 features named after the brief's variables.
  package static let featuresYAML = #"""
    # Wide table (宽表) for the Segmenta demo: one row per customer, built from 90 days of
    # call, message and data records. See docs/features.md for the format.
    version: 1
    events:
      customer_id: customer_id
      timestamp: timestamp
      type: event_type
    reference_date: 2024-03-31      # events on or after it are ignored; windows count back from it
    calendar:
      weekend: [sat, sun]
      peak_hours: "08:00-18:00"
      night_hours: "23:00-07:00"
    lists:
      broker_hotlines: ["95521", "95536", "95551", "95553", "95555", "95565"]

    features:
      - name: total_call_minutes
        label: {zh: 通话总分钟数, en: Total call minutes}
        aggregate: sum
        of: duration
        where: {type: [call, ip_call]}
        divide_by: 60
      - name: call_count
        label: {zh: 通话次数, en: Number of calls}
        aggregate: count
        where: {type: [call, ip_call]}
      - name: local_minutes
        label: {zh: 本地通话分钟数, en: Local call minutes}
        aggregate: sum
        of: duration
        where: {type: call, scope: local}
        divide_by: 60
      - name: long_distance_minutes
        label: {zh: 长途通话分钟数, en: Long-distance minutes}
        aggregate: sum
        of: duration
        where: {type: [call, ip_call], scope: long_distance}
        divide_by: 60
      - name: international_minutes
        label: {zh: 国际长途分钟数, en: International minutes}
        aggregate: sum
        of: duration
        where: {type: call, scope: international}
        divide_by: 60
      - name: domestic_roaming_minutes
        label: {zh: 国内漫游分钟数, en: Domestic roaming minutes}
        aggregate: sum
        of: duration
        where: {type: call, roaming: domestic}
        divide_by: 60
      - name: international_roaming_minutes
        label: {zh: 国际漫游分钟数, en: International roaming minutes}
        aggregate: sum
        of: duration
        where: {type: call, roaming: international}
        divide_by: 60
      - name: ip_call_minutes
        label: {zh: IP通话分钟数, en: IP-call minutes}
        aggregate: sum
        of: duration
        where: {type: ip_call}
        divide_by: 60
      - name: ip_share
        label: {zh: IP通话占比, en: IP-call share of minutes}
        share: [ip_call_minutes, total_call_minutes]
      - name: own_network_minutes
        label: {zh: 本网手机通话分钟数, en: Minutes to own-network mobiles}
        aggregate: sum
        of: duration
        where: {type: call, party_network: own}
        divide_by: 60
      - name: rival_network_minutes
        label: {zh: 他网手机通话分钟数, en: Minutes to rival-network mobiles}
        aggregate: sum
        of: duration
        where: {type: call, party_network: rival}
        divide_by: 60
      - name: fixed_line_minutes
        label: {zh: 固话通话分钟数, en: Minutes to fixed lines}
        aggregate: sum
        of: duration
        where: {type: [call, ip_call], party_network: fixed}
        divide_by: 60
      - name: phs_minutes
        label: {zh: 小灵通通话分钟数, en: Minutes to PHS}
        aggregate: sum
        of: duration
        where: {type: call, party_network: phs}
        divide_by: 60
      - name: own_network_share
        label: {zh: 本网通话占比, en: Own-network share of minutes}
        share: [own_network_minutes, total_call_minutes]
      - name: rival_network_share
        label: {zh: 他网通话占比, en: Rival-network share of minutes}
        share: [rival_network_minutes, total_call_minutes]
      - name: fixed_line_share
        label: {zh: 固话通话占比, en: Fixed-line share of minutes}
        share: [fixed_line_minutes, total_call_minutes]
      - name: phs_share
        label: {zh: 小灵通通话占比, en: PHS share of minutes}
        share: [phs_minutes, total_call_minutes]
      - name: peak_minutes
        label: {zh: 忙时通话分钟数, en: Peak-hour minutes}
        aggregate: sum
        of: duration
        where: {type: [call, ip_call]}
        split: peak
        divide_by: 60
      - name: offpeak_minutes
        label: {zh: 闲时通话分钟数, en: Off-peak minutes}
        aggregate: sum
        of: duration
        where: {type: [call, ip_call]}
        split: offpeak
        divide_by: 60
      - name: peak_share
        label: {zh: 忙时通话占比, en: Peak share of minutes}
        share: [peak_minutes, total_call_minutes]
      - name: night_minutes
        label: {zh: 夜间通话分钟数, en: Night minutes}
        aggregate: sum
        of: duration
        where: {type: [call, ip_call]}
        split: night
        divide_by: 60
      - name: weekend_minutes
        label: {zh: 周末通话分钟数, en: Weekend minutes}
        aggregate: sum
        of: duration
        where: {type: [call, ip_call]}
        split: weekend
        divide_by: 60
      - name: weekday_minutes
        label: {zh: 工作日通话分钟数, en: Weekday minutes}
        aggregate: sum
        of: duration
        where: {type: [call, ip_call]}
        split: weekday
        divide_by: 60
      - name: weekend_weekday_ratio
        label: {zh: 周末工作日通话比, en: Weekend/weekday minutes ratio}
        ratio: [weekend_minutes, weekday_minutes]
        zero_over_zero: 0
      - name: called_parties
        label: {zh: 通话对象数, en: Distinct call partners}
        aggregate: distinct
        of: party
        where: {type: [call, ip_call]}
      - name: sms_count
        label: {zh: 点对点短信条数, en: Person-to-person SMS sent}
        aggregate: count
        where: {type: sms}
      - name: sms_recipients
        label: {zh: 短信对象数, en: Distinct SMS recipients}
        aggregate: distinct
        of: party
        where: {type: sms}
      - name: sms_mean_length
        label: {zh: 短信平均长度, en: Mean SMS length}
        aggregate: mean
        of: length
        where: {type: sms}
      - name: vas_sms_count
        label: {zh: 梦网短信条数, en: Value-added SMS}
        aggregate: count
        where: {type: vas_sms}
      - name: vas_sms_fee
        label: {zh: 梦网短信费用, en: Value-added SMS fees}
        aggregate: sum
        of: fee
        where: {type: vas_sms}
      - name: data_mb
        label: {zh: 数据流量MB, en: Data volume (MB)}
        aggregate: sum
        of: bytes
        where: {type: data}
        divide_by: 1048576
      - name: wap_sessions
        label: {zh: WAP上网次数, en: WAP sessions}
        aggregate: count
        where: {type: data, service: wap}
      - name: hotline_minutes
        label: {zh: 客服热线分钟数, en: Service-hotline minutes}
        aggregate: sum
        of: duration
        where: {type: hotline}
        divide_by: 60
      - name: forward_count
        label: {zh: 呼转次数, en: Forwarded calls}
        aggregate: count
        where: {type: forward}
      - name: broker_calls
        label: {zh: 券商热线通话次数, en: Calls to broker hotlines}
        aggregate: count
        where: {type: call, party: {in_list: broker_hotlines}}
      - name: last30_call_minutes
        label: {zh: 近30天通话分钟数, en: "Call minutes, last 30 days"}
        aggregate: sum
        of: duration
        where: {type: [call, ip_call]}
        window_days: 30
        divide_by: 60
      - name: recency_days
        label: {zh: 最近一次使用距今天数, en: Days since last activity}
        aggregate: recency
      - name: tenure_months
        label: {zh: 在网月数, en: Tenure (months)}
        customer: start_date
        tenure: months
      - name: age_band
        label: {zh: 年龄段, en: Age band}
        customer: age
        bands: [25, 35, 45, 55]
        band_labels: ["<25", "25-34", "35-44", "45-54", "55+"]
      - name: arpu
        label: {zh: 每用户平均收入, en: ARPU}
        customer: arpu

    """#
}
