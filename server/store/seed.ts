import type { Kysely } from "kysely";
import type { Database } from "./database";
import { hashPassword } from "./passwords";
import type { ChatMessageTable } from "./tables/chat.table";
import type { Delivery, DeliveryLocation } from "./tables/deliveries.table";
import type { ProductMarkTable, ProductShare, ProductView } from "./tables/engagement.table";
import type { NotificationRow } from "./tables/notifications.table";
import type { Order, Payment } from "./tables/orders.table";
import type { Product } from "./tables/products.table";
import type { User, UserRole } from "./tables/users.table";

// Demo data matching the examples of the protocol document: ids such as user123, shop_1,
// prod_123, chat rooms 12345/abc123 and deliveries 67890/abc123/test456 are fixed on purpose.
// Timestamps are relative to the seeding time so "last 7 days" ranking always has data.

const MINUTE = 60_000;

const USERS: Array<[id: string, displayName: string, role: UserRole, phone: string | null]> = [
  ["user123", "Maya Chen", "shopper", "+1 212 555 0142"],
  ["user456", "Diego Alvarez", "shopper", "+1 718 555 0199"],
  ["user789", "Priya Nair", "shopper", null],
  ["owner1", "Olivia Park", "owner", "+1 646 555 0110"],
  ["owner2", "Marcus Reed", "owner", null],
  ["owner3", "Aisha Bello", "owner", null],
  ["owner4", "Tomás Silva", "owner", null],
  ["courier1", "Sam Rivera", "courier", "+1 917 555 0123"],
  ["courier2", "Lena Ortiz", "courier", null],
  ["admin", "Market Admin", "admin", null],
];

const SHOPS: Array<[id: string, ownerId: string, name: string, location: string, category: string]> = [
  ["shop_1", "owner1", "Hudson Tech", "Hudson Yards, New York", "electronics"],
  ["shop_2", "owner2", "Brooklyn Bloom", "Williamsburg, Brooklyn", "home & garden"],
  ["shop_3", "owner2", "SoHo Threads", "SoHo, New York", "fashion"],
  ["shop_4", "owner3", "Queens Kitchen Co.", "Astoria, Queens", "kitchen"],
  ["shop_5", "owner3", "Harlem Groove Records", "Harlem, New York", "music"],
  ["shop_6", "owner4", "Chelsea Paper Co.", "Chelsea, New York", "stationery"],
];

// [id, shop, name, description, price in cents, published hours ago (null = draft), popularity 0-10]
const PRODUCTS: Array<[string, string, string, string, number, number | null, number]> = [
  ["prod_123", "shop_1", "AeroBuds Pro Wireless Earbuds", "Active noise cancelling, 30 hours of battery with the case and IPX4 sweat resistance. Pairs instantly with iOS and Android.", 12900, 2, 7],
  ["prod_124", "shop_1", "PocketCharge 10K Power Bank", "10,000 mAh in a phone-sized shell with USB-C fast charging in and out. Charges most phones twice.", 3999, 30, 4],
  ["prod_125", "shop_1", "Lumen Desk Lamp with Wireless Charger", "Dimmable warm-to-cool LED arm lamp with a Qi charging pad in the base.", 5900, 70, 3],
  ["prod_126", "shop_1", "TrailCam 4K Action Camera", "4K60 video, horizon levelling and a waterproof case rated to 30 m. Mounts included.", 18900, 200, 5],
  ["prod_127", "shop_1", "MagSnap Car Phone Mount", "Magnetic vent mount that holds a phone steady over potholes. One-hand release.", 2450, 400, 2],
  ["prod_128", "shop_1", "Nimbus Smart Speaker", "Room-filling 360° sound with a privacy switch for the microphones. Coming soon.", 8900, null, 0],
  ["prod_201", "shop_2", "Monstera in Terracotta Pot", "A 60 cm Monstera deliciosa, potted in a hand-thrown terracotta planter. Easy care, bright indirect light.", 4500, 20, 6],
  ["prod_202", "shop_2", "Dried Flower Bouquet", "Pampas, bunny tails and strawflowers in soft neutrals. Lasts for years without water.", 3800, 100, 4],
  ["prod_203", "shop_2", "Fig & Cedar Soy Candle", "Hand-poured in Brooklyn, 50-hour burn, cotton wick and a reusable amber jar.", 2200, 150, 5],
  ["prod_204", "shop_2", "Macramé Plant Hanger", "Knotted from recycled cotton rope; fits pots up to 20 cm wide.", 1800, 260, 1],
  ["prod_205", "shop_2", "Ceramic Bud Vase Trio", "Three speckled stoneware vases in different heights for single stems.", 3400, 330, 2],
  ["prod_301", "shop_3", "Organic Cotton Oversized Tee", "Heavyweight 240 gsm organic cotton with a relaxed boxy fit. Pre-shrunk.", 3200, 5, 3],
  ["prod_302", "shop_3", "Selvedge Denim Jacket", "Raw 13.5 oz Japanese selvedge denim that fades to your own story.", 14800, 48, 9],
  ["prod_303", "shop_3", "Merino Wool Beanie", "Soft ribbed merino that keeps warm without the itch. One size.", 2800, 90, 3],
  ["prod_304", "shop_3", "Waxed Canvas Tote", "Water-resistant waxed canvas with leather handles and an inner zip pocket.", 2400, 240, 2],
  ["prod_305", "shop_3", "Linen Button-Down Shirt", "Breathable European linen in sand, garment-washed for a lived-in feel.", 6800, 300, 1],
  ["prod_306", "shop_3", "Leather Card Wallet", "Slim vegetable-tanned leather holder for six cards and folded cash.", 4200, 500, 2],
  ["prod_401", "shop_4", "Cast Iron Skillet, 10 inch", "Pre-seasoned and ready for searing, baking and a lifetime of Sunday pancakes.", 4400, 40, 5],
  ["prod_402", "shop_4", "Pour-Over Coffee Set", "Glass dripper, 600 ml carafe and 100 filters. Brews a clean, bright cup.", 5200, 12, 10],
  ["prod_403", "shop_4", "Small-Batch Chili Crisp", "Crunchy garlic, shallots and Sichuan pepper in toasted oil. Put it on everything.", 1400, 80, 8],
  ["prod_404", "shop_4", "Olive Wood Cutting Board", "Each board cut from a single piece of olive wood; no two grains alike.", 5800, 220, 2],
  ["prod_405", "shop_4", "Matcha Whisk Kit", "Bamboo chasen, scoop and a ceramic bowl for a smooth, frothy matcha.", 2900, 350, 3],
  ["prod_501", "shop_5", "Portable Bluetooth Turntable", "Belt-drive suitcase turntable with built-in speakers and Bluetooth out.", 11900, 60, 6],
  ["prod_502", "shop_5", "Jazz Classics Vinyl Bundle", "Three remastered records from the golden era of Blue Note and Prestige.", 6500, 30, 9],
  ["prod_503", "shop_5", "Studio Monitor Headphones", "Flat, honest sound for mixing, with a detachable coiled cable.", 9900, 180, 4],
  ["prod_504", "shop_5", "Ukulele Starter Kit", "Mahogany soprano ukulele with tuner, gig bag and a chord chart.", 7900, 280, 3],
  ["prod_505", "shop_5", "Vinyl Record Cleaning Kit", "Carbon-fibre brush, cleaning fluid and microfibre cloths.", 1900, 420, 1],
  ["prod_601", "shop_6", "Dot Grid Notebook A5", "160 pages of 100 gsm paper that handles fountain pen ink without bleeding.", 1800, 8, 4],
  ["prod_602", "shop_6", "Brass Fountain Pen", "Solid brass body that develops a patina, with a smooth steel medium nib.", 5600, 110, 6],
  ["prod_603", "shop_6", "Watercolor Travel Set", "12 artist-grade half pans, a water brush and a palette that fits a pocket.", 3600, 160, 5],
  ["prod_604", "shop_6", "Letterpress Greeting Cards", "Six cards printed on cotton paper in a Chelsea studio, with kraft envelopes.", 2100, 380, 2],
  ["prod_605", "shop_6", "Washi Tape Collection", "Ten rolls of Japanese paper tape in seasonal prints.", 1200, 460, 3],
];

const CLIP_COUNT = 8;

const ORIGIN = { latitude: 40.7128, longitude: -74.006 };

export interface SeedOptions {
  /** Password for every demo account; defaults to env DEMO_PASSWORD, then 'market'. */
  password?: string;
  now?: Date;
}

export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  return row === undefined;
}

/** Deletes every row (children before parents). */
export async function resetDatabase(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const tables = [
      "delivery_locations", "deliveries", "payments", "orders", "notifications",
      "assistant_conversations", "message_reads", "chat_members", "chat_messages", "chat_rooms",
      "product_activity", "product_stats", "product_reports", "product_shares", "product_views", "product_saves", "product_likes",
      "follows", "products", "shops", "users",
    ] as const;
    for (const table of tables) await trx.deleteFrom(table).execute();
  });
}

/** Inserts the demo data set in one transaction; expects an empty database (see resetDatabase). */
export async function seedDemoData(db: Kysely<Database>, options: SeedOptions = {}): Promise<Record<string, number>> {
  const password = options.password ?? process.env.DEMO_PASSWORD ?? "market";
  const now = (options.now ?? new Date()).getTime();
  const ago = (minutes: number) => new Date(now - minutes * MINUTE).toISOString();

  const users: User[] = await Promise.all(
    USERS.map(async ([id, displayName, role, phone]) => ({
      id,
      username: id,
      display_name: displayName,
      password_hash: await hashPassword(password),
      role,
      phone,
      created_at: ago(60 * 24 * 60),
      disabled_at: null,
    })),
  );

  const shops = SHOPS.map(([id, owner_id, name, location, category]) => ({ id, owner_id, name, location, category, created_at: ago(60 * 24 * 45) }));

  const products: Product[] = PRODUCTS.map(([id, shop_id, name, description, price_cents, hoursAgo], i) => {
    const clip = `/media/clips/clip-${(i % CLIP_COUNT) + 1}`;
    const created = ago(60 * ((hoursAgo ?? 1) + 24));
    return {
      id, shop_id, name, description, price_cents,
      currency: "USD",
      video_url: `${clip}.mp4`,
      poster_url: `${clip}.jpg`,
      // The demo clips ship with the app: no upload, nothing against the quota.
      media_bytes: 0,
      published_at: hoursAgo === null ? null : ago(60 * hoursAgo),
      created_at: created,
      updated_at: created,
    };
  });

  const engagement = buildEngagement(ago);

  const follows = [
    { follower_id: "user123", target_type: "shop" as const, target_id: "shop_1", created_at: ago(60 * 24 * 20) },
    { follower_id: "user123", target_type: "shop" as const, target_id: "shop_3", created_at: ago(60 * 24 * 10) },
    { follower_id: "user456", target_type: "shop" as const, target_id: "shop_1", created_at: ago(60 * 24 * 5) },
    { follower_id: "user789", target_type: "shop" as const, target_id: "shop_4", created_at: ago(60 * 24 * 3) },
    { follower_id: "user456", target_type: "user" as const, target_id: "user123", created_at: ago(60 * 3) },
  ];

  const rooms = [
    // Maya's conversation with Hudson Tech (its owner Olivia): private, under the protocol document's id.
    { id: "12345", name: "Hudson Tech support", shop_id: "shop_1", visibility: "private" as const, created_by: "user123", created_at: ago(60 * 24 * 2) },
    { id: "abc123", name: "Neighborhood deals", shop_id: null, visibility: "open" as const, created_by: "owner1", created_at: ago(60 * 24 * 4) },
  ];
  const members = rooms.flatMap((room) =>
    ["user123", "owner1"].map((user_id) => ({ room_id: room.id, user_id, joined_at: room.created_at, last_read_message_id: null })),
  );
  const messages = buildMessages(ago);

  const { orders, payments, deliveries, locations } = buildOrdersAndDeliveries(ago);

  const notifications: NotificationRow[] = [
    notification("ntf_demo_1", "user", "user123", "order_confirmed", { order_id: "order_1001", shop_id: "shop_1", shop_name: "Hudson Tech", product_name: "AeroBuds Pro Wireless Earbuds" }, ago(50), ago(45)),
    notification("ntf_demo_2", "user", "user123", "payment_received", { order_id: "order_1001", amount: 129, currency: "USD" }, ago(48), ago(45)),
    notification("ntf_demo_3", "user", "user123", "delivery_update", { delivery_id: "67890", status: "in_transit", tracking_url: "/track/67890track" }, ago(6), null),
    notification("ntf_demo_4", "user", "user123", "new_message", { room_id: "12345", message_id: "msg_demo_12345_5", sender_id: "owner1", username: "owner1", preview: "Exactly. I can ship today if you order before 4pm." }, ago(4), null),
    notification("ntf_demo_5", "user", "user123", "follow", { follower_id: "user456", follower_name: "Diego Alvarez", target_type: "user", target_id: "user123" }, ago(180), null),
    notification("ntf_demo_6", "shop", "shop_1", "product_like", { product_id: "prod_123", product_name: "AeroBuds Pro Wireless Earbuds", user_id: "user456", username: "user456" }, ago(90), null),
    notification("ntf_demo_7", "shop", "shop_1", "follow", { follower_id: "user456", follower_name: "Diego Alvarez", target_type: "shop", target_id: "shop_1" }, ago(60 * 24 * 5), ago(60 * 24 * 4)),
  ];

  await db.transaction().execute(async (trx) => {
    await trx.insertInto("users").values(users).execute();
    await trx.insertInto("shops").values(shops).execute();
    await trx.insertInto("products").values(products).execute();
    await trx.insertInto("follows").values(follows).execute();
    await trx.insertInto("product_likes").values(engagement.likes).execute();
    await trx.insertInto("product_saves").values(engagement.saves).execute();
    await trx.insertInto("product_views").values(engagement.views).execute();
    await trx.insertInto("product_shares").values(engagement.shares).execute();
    await trx.insertInto("product_stats").values(engagement.stats).execute();
    await trx.insertInto("product_activity").values(engagement.activity).execute();
    const lastSeq = (roomId: string) => messages.filter((m) => m.room_id === roomId).length;
    await trx.insertInto("chat_rooms").values(rooms.map((room) => ({ ...room, last_seq: lastSeq(room.id) }))).execute();
    await trx.insertInto("chat_messages").values(messages).execute();
    await trx.insertInto("chat_members").values(members).execute();
    await trx.insertInto("orders").values(orders).execute();
    await trx.insertInto("payments").values(payments).execute();
    await trx.insertInto("deliveries").values(deliveries).execute();
    await trx.insertInto("delivery_locations").values(locations).execute();
    await trx.insertInto("notifications").values(notifications).execute();
  });

  return {
    users: users.length,
    shops: shops.length,
    products: products.length,
    likes: engagement.likes.length,
    views: engagement.views.length,
    messages: messages.length,
    orders: orders.length,
    deliveries: deliveries.length,
    notifications: notifications.length,
  };
}

function notification(
  id: string,
  recipient_type: NotificationRow["recipient_type"],
  recipient_id: string,
  type: NotificationRow["type"],
  data: Record<string, unknown>,
  created_at: string,
  read_at: string | null,
): NotificationRow {
  return { id, recipient_type, recipient_id, type, data: JSON.stringify(data), read_at, created_at };
}

/**
 * Deterministic likes, views and shares: a product with popularity p is liked by its first p
 * fans, viewed p times per day over the last few days, and shared p/3 times.
 */
function buildEngagement(ago: (minutes: number) => string) {
  const fans = USERS.map(([id]) => id).filter((id) => id !== "user123");
  const likes: ProductMarkTable[] = [];
  const views: ProductView[] = [];
  const shares: ProductShare[] = [];
  for (const [productId, , , , , hoursAgo, popularity] of PRODUCTS) {
    if (hoursAgo === null) continue;
    // Engagement never predates publication.
    const at = (minutesAgo: number) => ago(Math.min(hoursAgo * 60 - 1, minutesAgo));
    const spread = (k: number) => 37 * (k + 1) + 11 * popularity;
    fans.slice(0, popularity).forEach((userId, k) => likes.push({ user_id: userId, product_id: productId, created_at: at(spread(k)) }));
    for (let k = 0; k < popularity * 3; k++) {
      const viewedAt = at(spread(k) + 97 * k);
      views.push({ user_id: fans[k % fans.length], product_id: productId, hour_bucket: viewedAt.slice(0, 13), viewed_at: viewedAt });
    }
    for (let k = 0; k < Math.floor(popularity / 3); k++) {
      shares.push({ id: `shr_demo_${productId}_${k}`, user_id: fans[k], product_id: productId, platform: ["whatsapp", "instagram", "copy_link"][k % 3], created_at: at(spread(k) + 5) });
    }
  }
  likes.push({ user_id: "user123", product_id: "prod_123", created_at: ago(30) });
  likes.push({ user_id: "user123", product_id: "prod_302", created_at: ago(60 * 20) });
  const saves: ProductMarkTable[] = [{ user_id: "user123", product_id: "prod_402", created_at: ago(60 * 5) }];
  const counted = dedupeViews(views);
  return { likes, saves, shares, views: counted, ...countEngagement(likes, shares, counted) };
}

/** The feed's counters (product_stats, product_activity) for the seeded events, as their writes keep them. */
function countEngagement(likes: ProductMarkTable[], shares: ProductShare[], views: ProductView[]) {
  const stats = new Map<string, { product_id: string; likes: number; shares: number; views: number }>();
  const activity = new Map<string, { product_id: string; hour: string; events: number }>();
  const add = (productId: string, counter: "likes" | "shares" | "views", at: string) => {
    const totals = stats.get(productId) ?? { product_id: productId, likes: 0, shares: 0, views: 0 };
    totals[counter]++;
    stats.set(productId, totals);
    const hour = at.slice(0, 13);
    const bucket = activity.get(`${productId}|${hour}`) ?? { product_id: productId, hour, events: 0 };
    bucket.events++;
    activity.set(`${productId}|${hour}`, bucket);
  };
  for (const like of likes) add(like.product_id, "likes", like.created_at);
  for (const share of shares) add(share.product_id, "shares", share.created_at);
  for (const view of views) add(view.product_id, "views", view.viewed_at);
  return { stats: [...stats.values()], activity: [...activity.values()] };
}

/** Keeps the first view per user/product/hour, mirroring the unique key. */
function dedupeViews(views: ProductView[]): ProductView[] {
  const seen = new Set<string>();
  return views.filter((v) => {
    const key = `${v.user_id}|${v.product_id}|${v.hour_bucket}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function buildMessages(ago: (minutes: number) => string): ChatMessageTable[] {
  const script: Array<[room: string, sender: string | null, content: string, minutesAgo: number]> = [
    ["abc123", "owner1", "Welcome to the neighborhood deals room! Post what you're hunting for.", 60 * 24 * 4],
    ["abc123", "user123", "Anyone selling a good desk lamp? Mine just died.", 60 * 24 * 3],
    ["abc123", "owner1", "The Lumen lamp at Hudson Tech has a wireless charger in the base. 10% off this week.", 60 * 24 * 3 - 12],
    ["abc123", "user123", "Ordered one, thanks!", 60 * 24 * 3 - 30],
    ["12345", "user123", "Hi! Are the AeroBuds Pro still in stock?", 60 * 2],
    ["12345", "owner1", "Hi Maya! Yes, black and white are both in stock.", 60 * 2 - 3],
    ["12345", "user123", "Does the case support wireless charging?", 60 * 2 - 5],
    ["12345", null, "AeroBuds Pro: the case charges on any Qi pad, and you get about 30 hours of battery in total.", 60 * 2 - 5],
    ["12345", "owner1", "Exactly. I can ship today if you order before 4pm.", 4],
  ];
  const perRoom = new Map<string, number>();
  return script.map(([room_id, sender_id, content, minutesAgo]) => {
    const n = (perRoom.get(room_id) ?? 0) + 1;
    perRoom.set(room_id, n);
    return {
      id: `msg_demo_${room_id}_${n}`,
      seq: n,
      room_id,
      sender_id,
      sender_type: sender_id ? "user" : "ai",
      username: sender_id ?? "assistant",
      content,
      created_at: ago(minutesAgo),
      client_id: null,
    };
  });
}

function buildOrdersAndDeliveries(ago: (minutes: number) => string) {
  const order = (id: string, productId: string, quantity: number, status: Order["status"], placedMinutesAgo: number): Order => {
    const [, shopId, , , priceCents] = PRODUCTS.find(([pid]) => pid === productId)!;
    return {
      id,
      customer_id: "user123",
      shop_id: shopId,
      product_id: productId,
      quantity,
      amount_cents: priceCents * quantity,
      currency: "USD",
      status,
      created_at: ago(placedMinutesAgo),
      confirmed_at: status === "placed" ? null : ago(placedMinutesAgo - 5),
      paid_at: status === "paid" ? ago(placedMinutesAgo - 7) : null,
      cancelled_at: null,
      refund_status: null,
    };
  };
  const orders = [
    order("order_1001", "prod_123", 1, "paid", 55),
    order("order_1002", "prod_125", 1, "paid", 60 * 3),
    order("order_1003", "prod_127", 2, "paid", 25),
    order("order_1004", "prod_302", 1, "placed", 10),
    order("order_1005", "prod_124", 1, "paid", 35),
  ];
  const payments: Payment[] = orders
    .filter((o) => o.status === "paid")
    .map((o) => ({ id: `pay_${o.id.slice("order_".length)}`, order_id: o.id, amount_cents: o.amount_cents, method: "simulated", status: "succeeded", created_at: o.paid_at! }));

  const delivery = (
    id: string,
    orderId: string,
    status: Delivery["status"],
    address: string,
    destination: { latitude: number; longitude: number },
    pickedUpMinutesAgo: number | null,
  ): Delivery => ({
    id,
    order_id: orderId,
    shop_id: "shop_1",
    customer_id: "user123",
    courier_id: "courier1",
    status,
    customer_address: address,
    customer_phone: "+1 212 555 0142",
    dest_latitude: destination.latitude,
    dest_longitude: destination.longitude,
    origin_latitude: ORIGIN.latitude,
    origin_longitude: ORIGIN.longitude,
    tracking_token: `${id}track`,
    created_at: ago(40),
    updated_at: ago(1),
    picked_up_at: pickedUpMinutesAgo === null ? null : ago(pickedUpMinutesAgo),
    delivered_at: null,
    cancelled_at: null,
  });
  const deliveries = [
    delivery("67890", "order_1001", "in_transit", "215 E 14th St, Apt 4B, New York, NY 10003", { latitude: 40.7306, longitude: -73.9866 }, 6),
    delivery("abc123", "order_1002", "in_transit", "75 Henry St, Brooklyn, NY 11201", { latitude: 40.6989, longitude: -73.9917 }, 6),
    delivery("test456", "order_1003", "assigned", "420 W 23rd St, New York, NY 10011", { latitude: 40.7473, longitude: -74.0031 }, null),
    // The protocol document's RealtimeMarketClient example tracks "delivery123".
    delivery("delivery123", "order_1005", "in_transit", "11 Wall St, New York, NY 10005", { latitude: 40.7069, longitude: -74.0113 }, 4),
  ];
  const locations = deliveries.filter((d) => d.status === "in_transit").flatMap((d) => courierTrail(d, ago));
  return { orders, payments, deliveries, locations };
}

// Speeds of a city courier on a bike: a standing start, traffic lights, a few clear stretches.
const TRAIL_SPEEDS = [0, 14, 22, 27, 19, 8, 24, 29, 26, 21];

/** Ten points every 30 s from the shop along the straight line to the customer, ending ~now. */
function courierTrail(d: Delivery, ago: (minutes: number) => string): DeliveryLocation[] {
  let travelled = 0;
  return TRAIL_SPEEDS.map((speed, i) => {
    travelled += speed / 300; // share of a ~2.5 km route covered in 30 s at this speed
    const wobble = (i % 2 === 0 ? 1 : -1) * 0.00012;
    return {
      id: `loc_demo_${d.id}_${String(i + 1).padStart(2, "0")}`,
      delivery_id: d.id,
      latitude: d.origin_latitude + (d.dest_latitude - d.origin_latitude) * travelled + wobble,
      longitude: d.origin_longitude + (d.dest_longitude - d.origin_longitude) * travelled - wobble,
      speed_kmh: speed,
      recorded_at: ago((TRAIL_SPEEDS.length - i) * 0.5),
    };
  });
}
