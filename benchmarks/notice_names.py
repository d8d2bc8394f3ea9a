"""Fictional names for the scale benchmark's generated notices (``benchmarks.notices``).

Place stems are two characters that read like Chinese place names and, as far as we know,
name no real place; combined with 市/区/县 they give a few thousand distinct issuers, so a generated
notice can be asked about by its place the way a user names the notice they mean. Department
names are the usual bodies of a 市/县 government; responsible-unit brackets are redrawn from them.
"""

from __future__ import annotations

#: Stems for a 市 (a prefecture-level city).
CITY_STEMS: tuple[str, ...] = (
    "云岫", "澜曲", "霁川", "枫溪", "岚曲", "楠江", "棠川", "柘岭", "梧岭", "溱阳", "沅溪", "蕙川",
    "芷溪", "泺源", "淇澜", "漳湄", "碧岑", "翠湄", "杉岭", "黛川", "沣屿", "泓阳", "漪江", "琅川",
    "瑶溪", "珂城", "琼岫", "筠州", "篁岭", "蓼水", "菱湖", "荻川", "苇川", "蘅皋", "芜洲", "潆洄",
    "涟川", "滢州", "淼城", "渌川", "郗城", "邶川", "郧溪", "鄂渚", "檀屿", "桐岫", "芸川", "蘋洲",
    "岑阳", "峤南", "嵘川", "崧阳", "巍川", "澹州", "濂溪", "湄川", "澧岫", "沄州", "汭阳", "浠岭",
)

#: Stems for a 区 or 县 under the city.
COUNTY_STEMS: tuple[str, ...] = (
    "澜东", "岫西", "屏南", "麓北", "溪临", "江望", "澜安", "远宁", "汀长", "禾嘉", "乐丰", "泉玉",
    "岗松", "营柳", "坛杏", "岭梅", "亭兰", "潭菊", "塘荷", "桥枫", "荫槐", "园桂", "湾芦", "渡苇",
    "陂荻", "畈稻", "坪茶", "垭竹", "冲杉", "墩柘",
)

#: Departments of a 市/区/县 government, as named in 责任单位 and 牵头单位 brackets (the place's level
#: is prefixed: 市发展改革委, 县财政局).
DEPARTMENTS: tuple[str, ...] = (
    "发展改革委", "教育局", "科技局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局",
    "人力资源社会保障局", "自然资源和规划局", "生态环境局", "住房城乡建设局", "交通运输局", "水利局",
    "农业农村局", "商务局", "文化广电旅游局", "卫生健康委", "应急管理局", "审计局", "市场监管局",
    "统计局", "医保局", "数据局", "税务局", "金融办", "城管局", "退役军人事务局", "林业局", "投资促进局",
)
